package dev.cairn.testing.wire;

import java.util.Objects;

/** One recorded exchange: what the client sent and what the provider answered. */
public record Interaction(RecordedRequest request, RecordedResponse response) {

    public Interaction {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
    }
}
