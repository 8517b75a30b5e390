package dev.cairn.core.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.LargeOutputs;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.SessionRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A session as a JSON Lines file, for export, archives and import: first the session's row,
 * then every event of its log in order (a fork's log in full, read through its parents), then
 * each blob its events refer to:
 *
 * <pre>
 * {"kind":"session","format":1,"id":..,"tenant_id":..,"agent":..,"agent_version":..,"user_id":..,"metadata":..,"created_at":..}
 * {"kind":"event","seq":1,"type":"session.created","run_id":null,"created_at":..,"payload":{..}}
 * {"kind":"blob","sha256":..,"bytes":..,"content_base64":..}
 * </pre>
 *
 * Payloads are written exactly as the store keeps them. {@link SessionImport} reads the same
 * format. Stateless and thread-safe.
 */
public final class SessionExport {

    /** The format version written in the session line. */
    public static final int FORMAT = 1;
    private static final int PAGE = 1_000;

    /** Reads a session's log a page at a time: up to {@code limit} events after {@code afterSeq}. */
    @FunctionalInterface
    public interface EventPages {
        List<Event> after(long afterSeq, int limit);
    }

    /** The whole content of a blob the session's events refer to. */
    @FunctionalInterface
    public interface Blobs {
        byte[] content(String sha256);
    }

    private SessionExport() {
    }

    /**
     * Writes the session, its events and its blobs, reading the log a page at a time, and
     * flushes {@code out} (without closing it).
     *
     * @return the sequence number of the last event written
     */
    public static long write(SessionRecord session, EventPages pages, Blobs blobs, OutputStream out) throws IOException {
        line(out, sessionLine(session));
        Set<String> referred = new LinkedHashSet<>();
        long last = 0;
        List<Event> page;
        do {
            page = pages.after(last, PAGE);
            for (Event event : page) {
                line(out, eventLine(event));
                LargeOutputs.reference(event.payload()).ifPresent(referred::add);
                last = event.seq();
            }
        } while (page.size() == PAGE);
        for (String sha256 : referred) {
            line(out, blobLine(sha256, blobs.content(sha256)));
        }
        out.flush();
        return last;
    }

    static ObjectNode sessionLine(SessionRecord session) {
        ObjectNode node = Json.object();
        node.put("kind", "session");
        node.put("format", FORMAT);
        node.put("id", session.id());
        node.put("tenant_id", session.tenantId());
        node.put("agent", session.agent());
        node.put("agent_version", session.agentVersion());
        node.put("user_id", session.userId());
        node.set("metadata", session.metadata());
        node.put("created_at", session.createdAt().toString());
        if (session.forkedFrom() != null) {
            ObjectNode fork = node.putObject("forked_from");
            fork.put("session_id", session.forkedFrom().sessionId());
            fork.put("at_seq", session.forkedFrom().atSeq());
        }
        return node;
    }

    static ObjectNode eventLine(Event event) {
        ObjectNode node = Json.object();
        node.put("kind", "event");
        node.put("seq", event.seq());
        node.put("type", event.type());
        node.put("run_id", event.runId());
        node.put("created_at", event.createdAt().toString());
        node.set("payload", Json.tree(event.payload()));
        return node;
    }

    static ObjectNode blobLine(String sha256, byte[] content) {
        ObjectNode node = Json.object();
        node.put("kind", "blob");
        node.put("sha256", sha256);
        node.put("bytes", content.length);
        node.put("content_base64", Base64.getEncoder().encodeToString(content));
        return node;
    }

    private static void line(OutputStream out, ObjectNode node) throws IOException {
        // Json.write keeps explicit nulls of ObjectNodes, so every line has the same fields.
        out.write(Json.write(node).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }
}
