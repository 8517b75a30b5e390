package dev.cairn.server.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.server.auth.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One call of the OpenAI-compatible API: the request, the response and the caller. Reads the JSON
 * body under the server's size limit, strictly (valid UTF-8, one object, no key given twice), and
 * writes JSON answers.
 */
final class Exchange {

    private final ServerRequest request;
    private final ServerResponse response;
    private final Principal principal;
    private final long maxBodyBytes;

    Exchange(ServerRequest request, ServerResponse response, Principal principal, long maxBodyBytes) {
        this.request = request;
        this.response = response;
        this.principal = principal;
        this.maxBodyBytes = maxBodyBytes;
    }

    String tenantId() {
        return principal.tenantId();
    }

    ServerResponse response() {
        return response;
    }

    String path(String name) {
        return request.path().pathParameters().get(name);
    }

    Optional<String> query(String name) {
        return request.query().first(name).asOptional().filter(text -> !text.isBlank());
    }

    /**
     * The body as a JSON object; an empty body reads as an empty object.
     *
     * @throws OpenAiError 413 when it is too large; 400 when it is not UTF-8, not JSON, or not an object
     */
    ObjectNode jsonBody() {
        byte[] bytes = bodyBytes();
        if (bytes.length == 0) {
            return Json.object();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw OpenAiError.invalid("the request body is not valid UTF-8", null);
        }
        JsonNode tree;
        try {
            tree = Json.mapper().reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            String why = e.getOriginalMessage() == null ? "" : ": " + e.getOriginalMessage().lines().findFirst().orElse("");
            throw OpenAiError.invalid("We could not parse the JSON body of your request" + where + why, null);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw OpenAiError.invalid("the request body must be a JSON object", null);
        }
        return object;
    }

    private byte[] bodyBytes() {
        if (request.headers().contentLength().orElse(0) > maxBodyBytes) {
            throw tooLarge();
        }
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private OpenAiError tooLarge() {
        return new OpenAiError(413, OpenAiError.INVALID_REQUEST, "the request body is larger than the limit of "
                + maxBodyBytes + " bytes", null, "request_too_large");
    }

    void reply(int status, JsonNode body) {
        send(response, status, body);
    }

    static void send(ServerResponse response, int status, JsonNode body) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
