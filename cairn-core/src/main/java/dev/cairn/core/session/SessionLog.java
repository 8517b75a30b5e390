package dev.cairn.core.session;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.AppendConflictException;
import dev.cairn.core.store.EventStore;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * One session's log as this process sees it: the store behind it and a cached {@link SessionView}
 * kept current with every append. Appends through one {@code SessionLog} are serialized; an
 * append that another process got ahead of fails with {@link AppendConflictException} after the
 * view has caught up, so the caller can decide again on current state.
 *
 * <p>Thread-safe.
 */
public final class SessionLog {

    /** Conflicts come only from other processes' writes to the same session; a few dozen rounds always settle them. */
    private static final int MAX_DECISION_ATTEMPTS = 64;

    private final String sessionId;
    private final EventStore store;
    private final ReentrantLock lock = new ReentrantLock();
    // Token counts by sequence number (dense within a session), plus one: 0 means not counted yet.
    // Every model step looks up every transcript entry, so this is an array, not a boxed map.
    private int[] tokenCountsPlusOne = new int[64];
    private final SessionView view;

    private SessionLog(String sessionId, EventStore store) {
        this.sessionId = sessionId;
        this.store = store;
        this.view = SessionView.empty(sessionId);
    }

    /** Loads the session's log from the store. */
    public static SessionLog load(String sessionId, EventStore store) {
        SessionLog log = new SessionLog(sessionId, store);
        log.catchUp();
        return log;
    }

    public String sessionId() {
        return sessionId;
    }

    /**
     * Decides what to append from the current view, and appends it, atomically with respect to
     * every other writer of this session. When another process appended first, the view catches
     * up and {@code decide} runs again (a few times at most). A {@code decide} that refuses (throws)
     * is final only on a current view: when the store holds events this view has not seen, the
     * view catches up and {@code decide} runs again, so a process never refuses on state another
     * process has already moved past.
     *
     * @param decide answers the events to append (empty: append nothing)
     * @return the stored events (empty when nothing was appended)
     */
    public List<Event> update(Function<SessionView, List<NewEvent>> decide) {
        return update(decide, 0);
    }

    /**
     * As {@link #update(Function)}, for the holder of the session's lease: the append carries
     * {@code fencingToken} and fails with {@link dev.cairn.core.store.FencedException} once the
     * lease has passed to another holder ({@code 0}: unfenced).
     */
    public List<Event> update(Function<SessionView, List<NewEvent>> decide, long fencingToken) {
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                List<NewEvent> events;
                try {
                    events = decide.apply(view);
                } catch (RuntimeException refused) {
                    if (attempt < MAX_DECISION_ATTEMPTS && behindStore()) {
                        catchUpLocked(); // refuse only on what the store holds now, not on an old view
                        continue;
                    }
                    throw refused;
                }
                if (events.isEmpty()) {
                    return List.of();
                }
                try {
                    return appendLocked(events, fencingToken);
                } catch (AppendConflictException conflict) {
                    catchUpLocked();
                    if (attempt >= MAX_DECISION_ATTEMPTS) {
                        throw conflict;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends {@code events} after the last event this view has seen.
     *
     * @throws AppendConflictException when another process appended first (the view has caught up)
     */
    public List<Event> append(List<NewEvent> events) {
        return append(events, 0);
    }

    /**
     * As {@link #append(List)}, carrying the lease's fencing token ({@code 0}: unfenced). A fenced
     * append that another writer got ahead of is retried after the view catches up.
     *
     * @throws dev.cairn.core.store.FencedException when the lease has passed to another holder
     */
    public List<Event> append(List<NewEvent> events, long fencingToken) {
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return appendLocked(events, fencingToken);
                } catch (dev.cairn.core.store.FencedException fenced) {
                    catchUpLocked();
                    throw fenced;
                } catch (AppendConflictException conflict) {
                    catchUpLocked();
                    // The lease holder is the only writer of its runs; what got in first is an
                    // unfenced write (a message, a memory edit), so its events still follow.
                    if (fencingToken == 0 || attempt >= MAX_DECISION_ATTEMPTS) {
                        throw conflict;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** True when another process appended after this view last looked. */
    private boolean behindStore() {
        return store.lastSeq(sessionId) > view.lastSeq();
    }

    private List<Event> appendLocked(List<NewEvent> events, long fencingToken) {
        List<Event> stored = store.appendAndWait(sessionId, view.lastSeq(), events, fencingToken);
        stored.forEach(view::apply);
        return stored;
    }

    /** Reads the current view under the session's lock; {@code reader} must not keep the view. */
    public <T> T read(Function<SessionView, T> reader) {
        lock.lock();
        try {
            return reader.apply(view);
        } finally {
            lock.unlock();
        }
    }

    /** Applies events other processes appended since this view last looked. */
    public void catchUp() {
        lock.lock();
        try {
            catchUpLocked();
        } finally {
            lock.unlock();
        }
    }

    private void catchUpLocked() {
        List<Event> newer;
        do {
            newer = store.read(sessionId, view.lastSeq(), 1_000);
            newer.forEach(view::apply);
        } while (newer.size() == 1_000);
    }

    /** The cached token count of a transcript entry, counting it once with {@code counter}. Call under {@link #read}. */
    public int tokens(SessionView.TranscriptEntry entry, ToIntFunction<SessionView.TranscriptEntry> counter) {
        long seq = entry.seq();
        if (seq >= Integer.MAX_VALUE - 8) {
            return counter.applyAsInt(entry);
        }
        int index = (int) seq;
        if (index >= tokenCountsPlusOne.length) {
            tokenCountsPlusOne = Arrays.copyOf(tokenCountsPlusOne, Math.max(index + 1, tokenCountsPlusOne.length * 2));
        }
        int stored = tokenCountsPlusOne[index];
        if (stored == 0) {
            stored = counter.applyAsInt(entry) + 1;
            tokenCountsPlusOne[index] = stored;
        }
        return stored - 1;
    }
}
