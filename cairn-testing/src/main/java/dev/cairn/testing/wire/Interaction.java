package dev.cairn.testing.wire;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/** One recorded exchange: what the client sent and what the provider answered. */
public record Interaction(RecordedRequest request, RecordedResponse response) {

    public Interaction {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
    }

    /** An interaction written in a test: {@code response} answers a request to {@code method uri}. */
    public static Interaction written(String method, String uri, RecordedResponse response) {
        return new Interaction(new RecordedRequest(method, URI.create(uri), Map.of(), null), response);
    }
}
