package dev.cairn.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One immutable entry in a session's log.
 *
 * @param sessionId the session the event belongs to
 * @param seq       its position in the session's log: 1, 2, 3, ... without gaps
 * @param runId     the run that produced it, or {@code null} for events outside a run
 * @param createdAt when it was appended, from the store's clock
 * @param payload   what happened
 */
public record Event(String sessionId, long seq, String runId, Instant createdAt, EventPayload payload) {

    public Event {
        Objects.requireNonNull(sessionId, "sessionId");
        if (seq < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1, got " + seq);
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(payload, "payload");
    }

    /** The payload's stored type name, for example {@code message.user}. */
    public String type() {
        return EventTypes.nameOf(payload);
    }
}
