package dev.cairn.core.runtime;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Fans committed events and live deltas out to the subscribers of each session, and completes
 * the futures of callers waiting for a run to end. Thread-safe.
 *
 * <p>Where other nodes write to the same store, the hub also keeps, for each session someone here
 * follows (a subscriber or a run waited for), a <em>cursor</em>: the last sequence number it has
 * fanned out, starting from the session's head when the session came to be followed. What another
 * node commits is read from the store after the cursor ({@link RemoteCommits}), so a lost
 * announcement is made up by the next one, or by a resync. Subscribers see an event at most once
 * by its sequence number ({@link EventStream} drops repeats), so fanning one out twice is harmless.
 */
final class EventHub {

    private final Map<String, List<Consumer<StreamItem>>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, RunWait> runEnds = new ConcurrentHashMap<>();
    private final Map<String, Watch> watches = new HashMap<>();
    private final ToLongFunction<String> head;

    /** A hub for a store only this process writes: it keeps no cursors. */
    EventHub() {
        this(null);
    }

    /** @param head a session's last stored sequence number, or null to keep no cursors */
    EventHub(ToLongFunction<String> head) {
        this.head = head;
    }

    /** Called by the store after each commit, and with what other nodes committed. */
    void appended(List<Event> events) {
        for (Event event : events) {
            advance(event);
            List<Consumer<StreamItem>> listeners = subscribers.get(event.sessionId());
            if (listeners != null) {
                StreamItem item = new StreamItem.Stored(event);
                listeners.forEach(listener -> listener.accept(item));
            }
            if (event.runId() != null && (endsRun(event.payload()) || pausesRun(event.payload()))) {
                RunWait wait = runEnds.remove(event.runId());
                if (wait != null) {
                    wait.end().complete(null);
                }
            }
        }
    }

    void delta(String sessionId, String runId, String text) {
        List<Consumer<StreamItem>> listeners = subscribers.get(sessionId);
        if (listeners != null) {
            StreamItem item = new StreamItem.Delta(runId, text);
            listeners.forEach(listener -> listener.accept(item));
        }
    }

    AutoCloseable subscribe(String sessionId, Consumer<StreamItem> listener) {
        watch(sessionId);
        subscribers.computeIfAbsent(sessionId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> {
            subscribers.computeIfPresent(sessionId, (id, listeners) -> {
                listeners.remove(listener);
                return listeners.isEmpty() ? null : listeners;
            });
            unwatch(sessionId);
        };
    }

    /**
     * A future completed when the run's terminal event is committed, or an event that makes it wait
     * for a person or the caller; check the state after registering, and call
     * {@link #forgetRunEnd} once done waiting, whatever the outcome. Callers waiting for one run
     * share its future.
     */
    CompletableFuture<Void> runEnd(String sessionId, String runId) {
        watch(sessionId);
        return runEnds.compute(runId, (id, wait) -> wait == null ? new RunWait(new CompletableFuture<>(), 1)
                : new RunWait(wait.end(), wait.waiters() + 1)).end();
    }

    /** One caller is done waiting for {@code end}: the future is dropped when no caller waits for it any more. */
    void forgetRunEnd(String sessionId, String runId, CompletableFuture<Void> end) {
        runEnds.computeIfPresent(runId, (id, wait) -> wait.end() != end ? wait
                : wait.waiters() == 1 ? null : new RunWait(end, wait.waiters() - 1));
        unwatch(sessionId);
    }

    /** The future of a run's end and how many callers wait for it. */
    private record RunWait(CompletableFuture<Void> end, int waiters) {
    }

    /** The last sequence number fanned out for a followed session; empty when nobody here follows it. */
    OptionalLong cursor(String sessionId) {
        synchronized (watches) {
            Watch watch = watches.get(sessionId);
            return watch == null ? OptionalLong.empty() : OptionalLong.of(watch.cursor);
        }
    }

    /** The sessions someone here follows, with cursors. */
    Set<String> followed() {
        synchronized (watches) {
            return Set.copyOf(watches.keySet());
        }
    }

    private void watch(String sessionId) {
        if (head == null) {
            return;
        }
        synchronized (watches) {
            Watch watch = watches.get(sessionId);
            if (watch != null) {
                watch.holders++;
                return;
            }
        }
        long start = head.applyAsLong(sessionId); // outside the lock: a read of the store
        synchronized (watches) {
            watches.computeIfAbsent(sessionId, id -> new Watch(start)).holders++;
        }
    }

    private void unwatch(String sessionId) {
        if (head == null) {
            return;
        }
        synchronized (watches) {
            Watch watch = watches.get(sessionId);
            if (watch != null && --watch.holders == 0) {
                watches.remove(sessionId);
            }
        }
    }

    private void advance(Event event) {
        if (head == null) {
            return;
        }
        synchronized (watches) {
            Watch watch = watches.get(event.sessionId());
            if (watch != null && event.seq() > watch.cursor) {
                watch.cursor = event.seq();
            }
        }
    }

    /** A followed session: how many follow it here, and the last sequence number fanned out. */
    private static final class Watch {
        private long cursor;
        private int holders;

        private Watch(long cursor) {
            this.cursor = cursor;
        }
    }

    /** True for events after which the run waits ({@code awaiting_approval}, {@code awaiting_client_tool}). */
    static boolean pausesRun(EventPayload payload) {
        return payload instanceof EventPayload.ApprovalRequested || payload instanceof EventPayload.ToolClientRequested;
    }

    static boolean endsRun(EventPayload payload) {
        return payload instanceof EventPayload.RunCompleted || payload instanceof EventPayload.RunFailed
                || payload instanceof EventPayload.RunCancelled;
    }
}
