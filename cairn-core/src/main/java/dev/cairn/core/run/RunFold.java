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
            case EventPayload.ContextCompacted compacted ->
                    runs.put(runId, require(run, event).withUsage(compacted.usage(), event.createdAt(), seq));
            case EventPayload.AgentDelegated delegated ->
                    runs.put(runId, require(run, event).withUsage(delegated.usage(), event.createdAt(), seq));
            case EventPayload.ContextCompactionFailed failed ->
                    runs.put(runId, require(run, event).withUsage(failed.usage(), event.createdAt(), seq));
            case EventPayload.ApprovalRequested requested -> runs.put(runId, askedForApproval(require(run, event), event));
            case EventPayload.ApprovalDecided decided -> runs.put(runId, approvalDecided(require(run, event), event));
            case EventPayload.ToolClientRequested requested -> {
                RunView current = require(run, event);
                runs.put(runId, current.state() == RunState.AWAITING_CLIENT_TOOL ? current.touched(event.createdAt(), seq)
                        : current.moveTo(RunState.AWAITING_CLIENT_TOOL, event.createdAt(), seq));
            }
            case EventPayload.RunResumedByClient resumed ->
                    runs.put(runId, require(run, event).moveTo(RunState.RUNNING, event.createdAt(), seq));
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

    /** The run waits for a person from its first approval request until its last one is decided. */
    private static RunView askedForApproval(RunView run, Event event) {
        RunView waiting = run.state() == RunState.AWAITING_APPROVAL ? run.touched(event.createdAt(), event.seq())
                : run.moveTo(RunState.AWAITING_APPROVAL, event.createdAt(), event.seq());
        return waiting.withPendingApprovals(run.pendingApprovals() + 1);
    }

    private static RunView approvalDecided(RunView run, Event event) {
        if (run.state() != RunState.AWAITING_APPROVAL || run.pendingApprovals() < 1) {
            throw new IllegalStateException("event " + event.seq() + " decides an approval of run '" + run.id()
                    + "', which is " + run.state().wireName() + " with no approval pending");
        }
        int left = run.pendingApprovals() - 1;
        RunView next = left == 0 ? run.moveTo(RunState.RUNNING, event.createdAt(), event.seq())
                : run.touched(event.createdAt(), event.seq());
        return next.withPendingApprovals(left);
    }

    private static RunView require(RunView run, Event event) {
        if (run == null) {
            throw new IllegalStateException("event " + event.seq() + " (" + event.type() + ") names run '" + event.runId()
                    + "' which was never queued");
        }
        return run;
    }
}
