package dev.cairn.testing.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as a cassette recorded it.
 *
 * @param method  the HTTP method, upper case
 * @param uri     the full URI the recording client called (host and all)
 * @param headers header values by lower-case name
 * @param body    the JSON body ({@code parsed_body}), or {@code null} when none was recorded as JSON
 */
public record RecordedRequest(String method, URI uri, Map<String, List<String>> headers, JsonNode body) {

    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
    }

    /** The URI's path, for example {@code /v1/chat/completions}. */
    public String path() {
        return uri.getRawPath();
    }

    /** The JSON body, when one was recorded. */
    public Optional<JsonNode> jsonBody() {
        return Optional.ofNullable(body);
    }
}
