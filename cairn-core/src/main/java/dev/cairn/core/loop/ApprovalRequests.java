package dev.cairn.core.loop;

import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.tool.ToolPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The approvals one batch of a run's events asks for, within the limits of the task's
 * {@link ApprovalGate}, and what the model is told about calls people did not allow. One per
 * batch; not thread-safe.
 */
final class ApprovalRequests {

    static final String UNKNOWN_OUTCOME = "the outcome of this call is unknown: it was started, then the worker running "
            + "it stopped before its result was recorded. It may or may not have taken effect; it was not repeated. "
            + "Check before calling it again.";

    private final RunTask task;
    private final Clock clock;
    private final int pendingInSession;
    private int asked;

    ApprovalRequests(RunTask task, Clock clock, int pendingInSession) {
        this.task = task;
        this.clock = clock;
        this.pendingInSession = pendingInSession;
    }

    /** How many approvals this batch asks for so far. */
    int asked() {
        return asked;
    }

    /**
     * The event that asks a person about the call ({@code approval.requested}), or, when the gate
     * refuses another request, the call's failure ({@code tool.failed}) saying why.
     *
     * @param earlier approvals asked for this call before
     * @param cause   {@link EventPayload.ApprovalRequested#POLICY} or {@link EventPayload.ApprovalRequested#OUTCOME_UNKNOWN}
     */
    EventPayload ask(SessionView.OpenCall call, ToolPolicy policy, String cause) {
        return ask(call.step(), call.callId(), call.tool(), call.arguments(), call.approvalsAsked(), policy, cause);
    }

    EventPayload ask(int step, String callId, String tool, String arguments, int earlier, ToolPolicy policy, String cause) {
        Optional<String> refusal = task.approvals().refusal(task.tenantId(), pendingInSession + asked, asked);
        if (refusal.isPresent()) {
            String error = cause.equals(EventPayload.ApprovalRequested.POLICY)
                    ? refusal.get() + "; the call was not made"
                    : UNKNOWN_OUTCOME + " Nobody could be asked whether to call it again: " + refusal.get() + ".";
            return new EventPayload.ToolFailed(callId, tool, error, 0);
        }
        asked++;
        String approvalId = IdempotencyKeys.approvalId(task.log().sessionId(), task.runId(), step, callId, earlier);
        return new EventPayload.ApprovalRequested(approvalId, callId, tool, arguments,
                clock.instant().plus(policy.approvalTimeout()), cause);
    }

    /** What the model is told about a call whose approval was denied or expired. */
    static String refused(SessionView.Approval approval, Duration timeout) {
        boolean unknown = approval.cause().equals(EventPayload.ApprovalRequested.OUTCOME_UNKNOWN);
        String reason = approval.reason() == null || approval.reason().isBlank() ? "" : ": " + approval.reason();
        if (approval.status() == ApprovalStatus.EXPIRED) {
            return unknown ? UNKNOWN_OUTCOME + " Nobody decided within " + describe(timeout) + " whether to call it again."
                    : "denied: nobody decided within " + describe(timeout) + " whether it may run, so it was not called";
        }
        return unknown ? UNKNOWN_OUTCOME + " A person decided not to call it again" + reason
                : "denied by a person" + reason;
    }

    private static String describe(Duration timeout) {
        return timeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
