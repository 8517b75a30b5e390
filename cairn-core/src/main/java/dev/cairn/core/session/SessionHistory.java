package dev.cairn.core.session;

import dev.cairn.core.event.Event;
import dev.cairn.core.store.EventStore;
import java.util.List;
import java.util.Objects;

/**
 * Read access to sessions' logs for what is derived from them outside the runtime, such as a
 * search index of a session's conversation. A fork's log reads through its original up to the
 * fork point, with the fork's sequence numbers, as {@link EventStore} defines.
 *
 * <p>Implementations are thread-safe.
 */
public interface SessionHistory {

    /** Up to {@code limit} events of the session after sequence number {@code afterSeq}, in order. */
    List<Event> read(String sessionId, long afterSeq, int limit);

    /** The session's last sequence number, or 0 when it has none (or no longer exists). */
    long lastSeq(String sessionId);

    /** The history the event store holds. */
    static SessionHistory of(EventStore events) {
        Objects.requireNonNull(events, "events");
        return new SessionHistory() {
            @Override
            public List<Event> read(String sessionId, long afterSeq, int limit) {
                return events.read(sessionId, afterSeq, limit);
            }

            @Override
            public long lastSeq(String sessionId) {
                return events.lastSeq(sessionId);
            }
        };
    }
}
