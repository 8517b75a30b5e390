package dev.cairn.core.run;

import dev.cairn.core.model.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A run's state, derived from its events.
 *
 * @param id               the run's id
 * @param sessionId        its session
 * @param state            where it is in its life
 * @param trigger          what started it ({@code message}, ...)
 * @param messageSeq       sequence number of the user message it answers
 * @param steps            model steps made so far (a summary of earlier conversation is not a step)
 * @param usage            tokens used so far, by every model call of the run, summaries included
 * @param output           the final answer, once completed ("" before)
 * @param failureReason    stable reason name when failed or cancelled, else null
 * @param failureMessage   a sentence for people, when failed or cancelled, else null
 * @param createdAt        when it was queued
 * @param startedAt        when it first started running, or null while queued
 * @param updatedAt        when it last changed
 * @param lastSeq          sequence number of its latest event
 * @param pendingApprovals approvals it asked for that nobody has decided yet
 * @param awaitingSince    when it began waiting for a person or the caller, or null when not waiting
 * @param waited           how long it has waited for people and callers before, in total
 */
public record RunView(String id, String sessionId, RunState state, String trigger, long messageSeq, int steps, Usage usage,
                      String output, String failureReason, String failureMessage, Instant createdAt, Instant startedAt,
                      Instant updatedAt, long lastSeq, int pendingApprovals, Instant awaitingSince, Duration waited) {

    public RunView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(state, "state");
        usage = usage == null ? Usage.ZERO : usage;
        output = output == null ? "" : output;
        waited = waited == null ? Duration.ZERO : waited;
    }

    /** A run without approvals or waits, as every run was before either existed. */
    public RunView(String id, String sessionId, RunState state, String trigger, long messageSeq, int steps, Usage usage,
                   String output, String failureReason, String failureMessage, Instant createdAt, Instant startedAt,
                   Instant updatedAt, long lastSeq) {
        this(id, sessionId, state, trigger, messageSeq, steps, usage, output, failureReason, failureMessage, createdAt,
                startedAt, updatedAt, lastSeq, 0, null, Duration.ZERO);
    }

    /** True while it waits for a person ({@code awaiting_approval}) or the caller ({@code awaiting_client_tool}). */
    public boolean awaiting() {
        return state == RunState.AWAITING_APPROVAL || state == RunState.AWAITING_CLIENT_TOOL;
    }

    /**
     * How long it has been executing by {@code now}: since it started, less the time it spent
     * waiting for people and callers ({@code limits.run_timeout} counts only this).
     */
    public Duration activeTime(Instant now) {
        if (startedAt == null) {
            return Duration.ZERO;
        }
        Duration waiting = awaitingSince == null ? waited : waited.plus(Duration.between(awaitingSince, now));
        return Duration.between(startedAt, now).minus(waiting);
    }

    RunView moveTo(RunState next, Instant at, long seq) {
        RunTransitions.check(id, state, next);
        boolean waits = next == RunState.AWAITING_APPROVAL || next == RunState.AWAITING_CLIENT_TOOL;
        Instant since = waits ? (awaitingSince != null ? awaitingSince : at) : null;
        Duration total = !waits && awaitingSince != null ? waited.plus(Duration.between(awaitingSince, at)) : waited;
        return new RunView(id, sessionId, next, trigger, messageSeq, steps, usage, output, failureReason, failureMessage,
                createdAt, startedAt == null && next == RunState.RUNNING ? at : startedAt, at, seq, pendingApprovals,
                since, total);
    }

    RunView withStep(Usage stepUsage, Instant at, long seq) {
        return new RunView(id, sessionId, state, trigger, messageSeq, steps + 1, usage.plus(stepUsage), output,
                failureReason, failureMessage, createdAt, startedAt, at, seq, pendingApprovals, awaitingSince, waited);
    }

    /** Tokens of a model call that is not a step of the loop (a summary of earlier conversation). */
    RunView withUsage(Usage callUsage, Instant at, long seq) {
        return new RunView(id, sessionId, state, trigger, messageSeq, steps, usage.plus(callUsage), output,
                failureReason, failureMessage, createdAt, startedAt, at, seq, pendingApprovals, awaitingSince, waited);
    }

    RunView touched(Instant at, long seq) {
        return new RunView(id, sessionId, state, trigger, messageSeq, steps, usage, output, failureReason, failureMessage,
                createdAt, startedAt, at, seq, pendingApprovals, awaitingSince, waited);
    }

    RunView withPendingApprovals(int pending) {
        return new RunView(id, sessionId, state, trigger, messageSeq, steps, usage, output, failureReason, failureMessage,
                createdAt, startedAt, updatedAt, lastSeq, pending, awaitingSince, waited);
    }

    RunView ended(RunState next, String finalOutput, String reason, String message, Instant at, long seq) {
        RunTransitions.check(id, state, next);
        Duration total = awaitingSince != null ? waited.plus(Duration.between(awaitingSince, at)) : waited;
        return new RunView(id, sessionId, next, trigger, messageSeq, steps, usage, finalOutput, reason, message,
                createdAt, startedAt, at, seq, 0, null, total);
    }
}
