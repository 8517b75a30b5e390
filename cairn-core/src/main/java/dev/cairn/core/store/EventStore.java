package dev.cairn.core.store;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.LargeOutputs;
import dev.cairn.core.event.NewEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, append-only log of every session's events.
 *
 * <p>Appends are atomic per batch and optimistic: each names the sequence number it expects to
 * be the session's last, and fails with {@link AppendConflictException} when another append got
 * there first. When the returned future completes normally, the events are on disk.
 *
 * <p><b>Large outputs.</b> Each appended payload is stored as {@link LargeOutputs#compact} makes it:
 * a {@code tool.completed} with an output over {@link LargeOutputs#INLINE_LIMIT_BYTES} keeps its
 * beginning and a reference, and the whole output is stored once by hash in the same transaction
 * (see {@link BlobStore}). The events an append answers are the stored ones.
 *
 * <p><b>Forks.</b> The log of a fork (see {@link SessionStore#fork}) reads as its parent's events
 * up to the fork point, recursively for a fork of a fork, followed by its own events, numbered on
 * from the fork point; every event read through the fork carries the fork's session id. Appends
 * to a fork store only the fork's own events; what the parent appends later is not in the fork.
 *
 * <p>Implementations are thread-safe. They may commit appends from many sessions together (group
 * commit); a failed append never affects another append in the same group.
 */
public interface EventStore {

    /**
     * Appends {@code events} to the session's log after sequence {@code expectedLastSeq}.
     *
     * @return the stored events with their sequence numbers and times; completes exceptionally
     *     with {@link AppendConflictException} when the session's last sequence is not
     *     {@code expectedLastSeq}, or {@link StoreException} when the store fails
     */
    CompletableFuture<List<Event>> append(String sessionId, long expectedLastSeq, List<NewEvent> events);

    /**
     * Appends as {@link #append(String, long, List)} does, but only while the session's lease has
     * the fencing token {@code fencingToken}: the check and the append happen in one transaction.
     *
     * @return completes exceptionally with {@link FencedException} when the token is not the
     *     session's current one, and otherwise as {@link #append(String, long, List)}
     */
    CompletableFuture<List<Event>> append(String sessionId, long expectedLastSeq, List<NewEvent> events, long fencingToken);

    /** Appends and waits: the same as {@link #append} followed by a join that unwraps the failure. */
    default List<Event> appendAndWait(String sessionId, long expectedLastSeq, List<NewEvent> events) {
        return StoreException.join(append(sessionId, expectedLastSeq, events));
    }

    /** A fenced append, waited for; {@code fencingToken} 0 means an unfenced append. */
    default List<Event> appendAndWait(String sessionId, long expectedLastSeq, List<NewEvent> events, long fencingToken) {
        return StoreException.join(fencingToken == 0 ? append(sessionId, expectedLastSeq, events)
                : append(sessionId, expectedLastSeq, events, fencingToken));
    }

    /** Up to {@code limit} events of the session with a sequence number above {@code afterSeq}, in order. */
    List<Event> read(String sessionId, long afterSeq, int limit);

    /** Every event of the session, in order. */
    default List<Event> readAll(String sessionId) {
        return read(sessionId, 0, Integer.MAX_VALUE);
    }

    /** The session's last sequence number, or 0 when it has none. */
    long lastSeq(String sessionId);

    /**
     * Registers a listener called after each successful commit, with the events just stored.
     * Listeners run on the store's commit thread and must return quickly.
     */
    void addListener(AppendListener listener);

    /** Receives events once they are durable. */
    @FunctionalInterface
    interface AppendListener {
        void appended(List<Event> events);
    }
}
