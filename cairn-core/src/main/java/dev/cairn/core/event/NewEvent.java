package dev.cairn.core.event;

import java.util.Objects;

/** An event to append: the store gives it its sequence number and time. */
public record NewEvent(String runId, EventPayload payload) {

    public NewEvent {
        Objects.requireNonNull(payload, "payload");
    }

    public static NewEvent of(EventPayload payload) {
        return new NewEvent(null, payload);
    }

    public static NewEvent ofRun(String runId, EventPayload payload) {
        return new NewEvent(Objects.requireNonNull(runId, "runId"), payload);
    }
}
