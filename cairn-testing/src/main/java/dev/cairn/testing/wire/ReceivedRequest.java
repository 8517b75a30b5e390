package dev.cairn.testing.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request the replay server received, for asserting on what a client sent.
 *
 * @param method  the HTTP method, upper case
 * @param path    the raw path, for example {@code /v1/responses}
 * @param query   the raw query, or an empty string
 * @param headers header values by lower-case name
 * @param body    the body as UTF-8 text
 */
public record ReceivedRequest(String method, String path, String query, Map<String, List<String>> headers, String body) {

    public ReceivedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    /** The first value of a header (any case), or an empty string when it was not sent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    /**
     * The body parsed as JSON.
     *
     * @throws IllegalStateException when the body is not JSON
     */
    public JsonNode json() {
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the request body is not JSON: " + body, e);
        }
    }
}
