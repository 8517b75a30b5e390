package dev.cairn.server.http;

import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.store.Role;
import dev.cairn.core.store.SessionRecord;
import io.helidon.http.HeaderNames;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions as a whole and what they refer to: fork a session, export it as JSON Lines, import an
 * export, and read a large tool output by its hash.
 *
 * <p>Registered before {@link SessionEndpoints}: Helidon takes the first route whose path
 * matches, and {@code /v1/sessions/import} would otherwise be taken for {@code /v1/sessions/{id}}.
 */
final class TransferEndpoints {

    /** Exports are larger than other bodies: a session's whole log and its blobs. */
    static final long MAX_IMPORT_BYTES = 64L * 1024 * 1024;
    static final String JSON_LINES = "application/x-ndjson";
    private static final List<String> IMPORT_TYPES = List.of(JSON_LINES, "application/jsonl", "application/gzip");
    private static final Logger LOG = LoggerFactory.getLogger(TransferEndpoints.class);

    private final AgentRuntime runtime;

    TransferEndpoints(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    void register(ApiRouter router) {
        router.post("/v1/sessions/import", Role.USER, this::importSession)
                .post("/v1/sessions/{id}/fork", Role.USER, this::fork)
                .get("/v1/sessions/{id}/export", Role.USER, this::export)
                .get("/v1/blobs/{sha256}", Role.USER, this::blob);
    }

    private void fork(Call call) {
        JsonFields body = call.json("at_seq");
        Long atSeq = body.wholeNumber("at_seq");
        if (atSeq == null) {
            throw HttpProblem.badRequest("'at_seq' is required (a whole number): the last event of the session the fork shares");
        }
        SessionRecord fork = runtime.fork(call.tenantId(), call.path("id"), atSeq);
        call.reply(201, Wire.session(fork));
    }

    private void export(Call call) throws IOException {
        String sessionId = call.path("id");
        runtime.session(call.tenantId(), sessionId); // a 404 must come before the stream starts
        call.response().status(200);
        call.response().header(HeaderNames.CONTENT_TYPE, JSON_LINES);
        call.response().header(HeaderNames.CACHE_CONTROL, "no-store");
        call.response().header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + sessionId + ".jsonl\"");
        try (OutputStream out = call.response().outputStream()) {
            runtime.exportSession(call.tenantId(), sessionId, out);
        } catch (IOException | RuntimeException e) {
            // The status is sent; a client sees a file cut short, which import refuses.
            LOG.warn("exporting session {} stopped: {}", sessionId, e.toString());
        }
    }

    private void importSession(Call call) {
        RequestBody body = RequestBody.read(call.request(), MAX_IMPORT_BYTES).requireMediaType(IMPORT_TYPES);
        if (body.mediaType().equals("application/gzip")) {
            body = body.gunzipped(JSON_LINES, MAX_IMPORT_BYTES);
        }
        if (body.isEmpty()) {
            throw HttpProblem.badRequest("the body is empty; send a session export (JSON Lines)");
        }
        SessionRecord session = runtime.importSession(call.tenantId(), body.text());
        call.reply(201, Wire.session(session));
    }

    private void blob(Call call) {
        byte[] content = runtime.blob(call.tenantId(), call.path("sha256"));
        call.response().status(200);
        call.response().header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        call.response().header(HeaderNames.CACHE_CONTROL, "no-store");
        call.response().send(content);
    }
}
