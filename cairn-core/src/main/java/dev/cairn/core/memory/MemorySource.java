package dev.cairn.core.memory;

import java.util.List;

/**
 * Where a long-term memory came from: the session, the events in its log and the run that made
 * it. Every part is absent (null, or no events) for an item written through the API.
 *
 * @param sessionId the session whose log holds the events, or null
 * @param eventSeqs the sequence numbers of those events in the session's log, ascending
 * @param runId     the run during which it was saved, or null
 */
public record MemorySource(String sessionId, List<Long> eventSeqs, String runId) {

    /** The source of an item written directly, not by an agent. */
    public static final MemorySource NONE = new MemorySource(null, List.of(), null);

    public MemorySource {
        eventSeqs = eventSeqs == null ? List.of() : List.copyOf(eventSeqs);
        for (int i = 0; i < eventSeqs.size(); i++) {
            if (eventSeqs.get(i) < 1 || i > 0 && eventSeqs.get(i) <= eventSeqs.get(i - 1)) {
                throw new IllegalArgumentException("source event sequence numbers must be ascending and at least 1, got "
                        + eventSeqs);
            }
        }
        if (sessionId == null && !eventSeqs.isEmpty()) {
            throw new IllegalArgumentException("source events need the session whose log holds them");
        }
    }

    /** The event {@code seq} of session {@code sessionId}, during run {@code runId}. */
    public static MemorySource event(String sessionId, long seq, String runId) {
        return new MemorySource(sessionId, List.of(seq), runId);
    }
}
