package dev.cairn.core.run;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import java.util.Map;

/**
 * Applies one event to the runs of a session, following {@link RunTransitions}. A log that breaks
 * the table fails loudly rather than producing a state the table forbids.
 */
public final class RunFold {

    private RunFold() {
    }

    /** Updates {@code runs} (run id to view) with {@code event}. Events outside a run are ignored. */
    public static void apply(Map<String, RunView> runs, Event event) {
        String runId = event.runId();
        if (runId == null) {
            return;
        }
        RunView run = runs.get(runId);
        long seq = event.seq();
        switch (event.payload()) {
            case EventPayload.RunQueued queued -> {
                if (run != null) {
                    throw new IllegalStateException("run '" + runId + "' was queued twice (seq " + seq + ")");
                }
                runs.put(runId, new RunView(runId, event.sessionId(), RunState.QUEUED, queued.trigger(), queued.messageSeq(),
                        0, null, null, null, null, event.createdAt(), null, event.createdAt(), seq));
            }
            case EventPayload.RunStarted started -> runs.put(runId, require(run, event).moveTo(RunState.RUNNING, event.createdAt(), seq));
            case EventPayload.ModelResponded responded ->
                    runs.put(runId, require(run, event).withStep(responded.usage(), event.createdAt(), seq));
            case EventPayload.RunCompleted completed -> runs.put(runId, require(run, event)
                    .ended(RunState.COMPLETED, completed.output(), null, null, event.createdAt(), seq));
            case EventPayload.RunFailed failed -> runs.put(runId, require(run, event)
                    .ended(RunState.FAILED, "", failed.reason(), failed.message(), event.createdAt(), seq));
            case EventPayload.RunCancelled cancelled -> runs.put(runId, require(run, event)
                    .ended(RunState.CANCELLED, "", "cancelled", cancelled.reason(), event.createdAt(), seq));
            default -> {
                if (run != null) {
                    runs.put(runId, run.touched(event.createdAt(), seq));
                }
            }
        }
    }

    private static RunView require(RunView run, Event event) {
        if (run == null) {
            throw new IllegalStateException("event " + event.seq() + " (" + event.type() + ") names run '" + event.runId()
                    + "' which was never queued");
        }
        return run;
    }
}
