package dev.cairn.core.runtime;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Fans committed events and live deltas out to the subscribers of each session, and completes
 * the futures of callers waiting for a run to end. Thread-safe.
 */
final class EventHub {

    private final Map<String, List<Consumer<StreamItem>>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> runEnds = new ConcurrentHashMap<>();

    /** Called by the store after each commit. */
    void appended(List<Event> events) {
        for (Event event : events) {
            List<Consumer<StreamItem>> listeners = subscribers.get(event.sessionId());
            if (listeners != null) {
                StreamItem item = new StreamItem.Stored(event);
                listeners.forEach(listener -> listener.accept(item));
            }
            if (event.runId() != null && (endsRun(event.payload()) || pausesRun(event.payload()))) {
                CompletableFuture<Void> end = runEnds.remove(event.runId());
                if (end != null) {
                    end.complete(null);
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
        subscribers.computeIfAbsent(sessionId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> subscribers.computeIfPresent(sessionId, (id, listeners) -> {
            listeners.remove(listener);
            return listeners.isEmpty() ? null : listeners;
        });
    }

    /**
     * A future completed when the run's terminal event is committed, or an event that makes it wait
     * for a person or the caller; check the state after registering.
     */
    CompletableFuture<Void> runEnd(String runId) {
        return runEnds.computeIfAbsent(runId, id -> new CompletableFuture<>());
    }

    void forgetRunEnd(String runId) {
        runEnds.remove(runId);
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
