package dev.cairn.core.run;

import dev.cairn.core.model.Usage;
import java.time.Instant;
import java.util.Objects;

/**
 * A run's state, derived from its events.
 *
 * @param id            the run's id
 * @param sessionId     its session
 * @param state         where it is in its life
 * @param trigger       what started it ({@code message}, ...)
 * @param messageSeq    sequence number of the user message it answers
 * @param steps         model calls made so far
 * @param usage         tokens used so far
 * @param output        the final answer, once completed ("" before)
 * @param failureReason stable reason name when failed or cancelled, else null
 * @param failureMessage a sentence for people, when failed or cancelled, else null
 * @param createdAt     when it was queued
 * @param startedAt     when it first started running, or null while queued
 * @param updatedAt     when it last changed
 * @param lastSeq       sequence number of its latest event
 */
public record RunView(String id, String sessionId, RunState state, String trigger, long messageSeq, int steps, Usage usage,
                      String output, String failureReason, String failureMessage, Instant createdAt, Instant startedAt,
                      Instant updatedAt, long lastSeq) {

    public RunView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(state, "state");
        usage = usage == null ? Usage.ZERO : usage;
        output = output == null ? "" : output;
    }

    RunView moveTo(RunState next, Instant at, long seq) {
        RunTransitions.check(id, state, next);
        return new RunView(id, sessionId, next, trigger, messageSeq, steps, usage, output, failureReason, failureMessage,
                createdAt, startedAt == null && next == RunState.RUNNING ? at : startedAt, at, seq);
    }

    RunView withStep(Usage stepUsage, Instant at, long seq) {
        return new RunView(id, sessionId, state, trigger, messageSeq, steps + 1, usage.plus(stepUsage), output,
                failureReason, failureMessage, createdAt, startedAt, at, seq);
    }

    RunView touched(Instant at, long seq) {
        return new RunView(id, sessionId, state, trigger, messageSeq, steps, usage, output, failureReason, failureMessage,
                createdAt, startedAt, at, seq);
    }

    RunView ended(RunState next, String finalOutput, String reason, String message, Instant at, long seq) {
        RunTransitions.check(id, state, next);
        return new RunView(id, sessionId, next, trigger, messageSeq, steps, usage, finalOutput, reason, message,
                createdAt, startedAt, at, seq);
    }
}
