package dev.cairn.testing.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A response to replay: a status, headers, and the body bytes exactly as they are sent.
 *
 * @param status  the HTTP status
 * @param headers header values by lower-case name; framing headers ({@code content-length},
 *                {@code transfer-encoding}, {@code content-encoding}, {@code connection}) are
 *                never replayed, because the replay server frames the body itself
 * @param body    the body bytes
 */
public record RecordedResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public RecordedResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100-599: " + status);
        }
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** A JSON answer with the given status, for injecting failures a cassette did not record. */
    public static RecordedResponse json(int status, String json) {
        return new RecordedResponse(status, Map.of("content-type", List.of("application/json")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code 200} stream of server-sent events, for streams no recording holds. */
    public static RecordedResponse eventStream(String events) {
        return new RecordedResponse(200, Map.of("content-type", List.of("text/event-stream; charset=utf-8")),
                events.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of this response with one more header (replacing any of the same name). */
    public RecordedResponse withHeader(String name, String value) {
        var copy = new HashMap<>(headers);
        copy.put(name.toLowerCase(Locale.ROOT), List.of(value));
        return new RecordedResponse(status, copy, body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, or an empty string. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordedResponse that && status == that.status
                && headers.equals(that.headers) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "RecordedResponse[status=" + status + ", headers=" + headers + ", body=" + body.length + " bytes]";
    }
}
