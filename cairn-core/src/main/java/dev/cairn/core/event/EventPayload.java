package dev.cairn.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The typed content of an {@link Event}: a closed family of records. Each record's JSON form is
 * what is stored; {@link EventTypes} maps the stored type name to exactly one record class.
 */
public sealed interface EventPayload {

    /** The session was created, pinned to an agent version. */
    record SessionCreated(String agent, int agentVersion, String userId, JsonNode metadata) implements EventPayload {
        public SessionCreated {
            Objects.requireNonNull(agent, "agent");
        }
    }

    /**
     * The session was forked from {@code fromSession} after that session's event {@code atSeq}:
     * events 1 to {@code atSeq} of this log are the parent's, shared and not copied, and this is
     * the fork's first own event (at {@code atSeq + 1}).
     */
    record SessionForked(String fromSession, long atSeq) implements EventPayload {
        public SessionForked {
            Objects.requireNonNull(fromSession, "fromSession");
            if (atSeq < 1) {
                throw new IllegalArgumentException("a fork point is a sequence number of at least 1, got " + atSeq);
            }
        }
    }

    /**
     * The session was imported from an export of session {@code fromSession}; the events before
     * this one are the exported log, with their own times.
     */
    record SessionImported(String fromSession) implements EventPayload {
        public SessionImported {
            Objects.requireNonNull(fromSession, "fromSession");
        }
    }

    /**
     * The session was moved from version {@code fromVersion} of agent {@code fromAgent} to version
     * {@code agentVersion} of agent {@code agent}: runs queued from here on use the new version,
     * runs queued before keep theirs.
     */
    record SessionAgentMoved(String agent, int agentVersion, String fromAgent, int fromVersion) implements EventPayload {
        public SessionAgentMoved {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(fromAgent, "fromAgent");
            if (agentVersion < 1) {
                throw new IllegalArgumentException("agent versions start at 1, got " + agentVersion);
            }
        }
    }

    /** A user message; {@code messageId} is the client's or Cairn's id for it. */
    record UserMessage(String messageId, String content) implements EventPayload {
        public UserMessage {
            Objects.requireNonNull(content, "content");
        }
    }

    /** A run was queued by {@code trigger} ({@code message}, ...), for the user message at {@code messageSeq}. */
    record RunQueued(String trigger, long messageSeq) implements EventPayload {
        public RunQueued {
            Objects.requireNonNull(trigger, "trigger");
        }
    }

    /** The run began executing under the given agent version. */
    record RunStarted(String agent, int agentVersion, String route) implements EventPayload {
    }

    /**
     * A worker took up a running run that no worker was executing — its previous worker stopped
     * (its lease expired), or the run had waited for a person or the caller — and goes on from the
     * last committed step.
     */
    record RunResumed(String holderId, long fencingToken, int afterStep) implements EventPayload {
    }

    /** The model was asked, with what context: step number, route, target and context size. */
    record ModelRequested(int step, String route, String provider, String model, int contextMessages, long contextTokens)
            implements EventPayload {
    }

    /** The model answered: text and/or tool calls, with usage and latency. */
    record ModelResponded(int step, String provider, String model, String text, List<ToolCall> toolCalls,
                          Usage usage, String finishReason, long latencyMillis) implements EventPayload {
        public ModelResponded {
            text = text == null ? "" : text;
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
            usage = usage == null ? Usage.ZERO : usage;
        }
    }

    /** The model call failed; {@code errorType} is the failure's stable name. */
    record ModelFailed(int step, String provider, String errorType, int status, String message, int attempts)
            implements EventPayload {
    }

    /** The model asked for a tool call. */
    record ToolRequested(int step, String callId, String tool, String arguments) implements EventPayload {
    }

    /** A tool call is about to run; committed before the tool is called. */
    record ToolStarted(String callId, String tool, String idempotencyKey) implements EventPayload {
    }

    /**
     * A tool call returned a result. An output too large to keep in the log is stored once, by
     * content hash, in the store's blobs: {@code output} is then its beginning and a note saying
     * how to read the rest, {@code outputRef} the SHA-256 (lowercase hex) of the whole output's
     * UTF-8 bytes and {@code outputBytes} their count. Both are null for an output kept whole.
     * See {@link LargeOutputs}.
     */
    record ToolCompleted(String callId, String tool, String output, long latencyMillis, String outputRef,
                         Long outputBytes) implements EventPayload {
        public ToolCompleted {
            output = output == null ? "" : output;
            if ((outputRef == null) != (outputBytes == null)) {
                throw new IllegalArgumentException("output_ref and output_bytes come together, got "
                        + outputRef + " and " + outputBytes);
            }
        }

        /** A result kept whole in the log. */
        public ToolCompleted(String callId, String tool, String output, long latencyMillis) {
            this(callId, tool, output, latencyMillis, null, null);
        }
    }

    /**
     * Tool call {@code callId} delegated to agent {@code agent}: it ran as run {@code childRunId} in
     * the child session {@code childSessionId} ({@code depth} delegations below the first session),
     * which ended {@code childState}. {@code usage} is every token the child run used, its own
     * delegations included; it counts in this run's usage and against its {@code max_tokens_per_run}.
     * Recorded with the call's result.
     */
    record AgentDelegated(String callId, String agent, String childSessionId, String childRunId, int depth,
                          String childState, Usage usage) implements EventPayload {
        public AgentDelegated {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(childSessionId, "childSessionId");
            usage = usage == null ? Usage.ZERO : usage;
        }
    }

    /**
     * A tool call had started when the worker running it stopped, and the tool cannot safely be
     * called again: whether it took effect is unknown. What happens next is the tool's policy.
     */
    record ToolOutcomeUnknown(String callId, String tool, String idempotencyKey, String reason) implements EventPayload {
    }

    /**
     * A tool call waits for a person's decision, and the tool is not called before it. Its run
     * waits too ({@code awaiting_approval}) until every approval it asked for is decided.
     *
     * @param cause     {@code policy} (the tool's policy is {@code require_approval}) or
     *                  {@code outcome_unknown} (whether to call it again after its outcome was lost)
     * @param expiresAt when it counts as denied if nobody has decided
     */
    record ApprovalRequested(String approvalId, String callId, String tool, String arguments, Instant expiresAt,
                             String cause) implements EventPayload {
        public static final String POLICY = "policy";
        public static final String OUTCOME_UNKNOWN = "outcome_unknown";

        public ApprovalRequested {
            Objects.requireNonNull(approvalId, "approvalId");
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(expiresAt, "expiresAt");
            if (!POLICY.equals(cause) && !OUTCOME_UNKNOWN.equals(cause)) {
                throw new IllegalArgumentException("approval cause '" + cause + "' is not one of policy, outcome_unknown");
            }
        }
    }

    /**
     * An approval was decided: {@code approved} or {@code denied} by a person ({@code by} is the
     * API key's id), or {@code expired} ({@code by} is {@code system}).
     */
    record ApprovalDecided(String approvalId, String decision, String by, String reason) implements EventPayload {
        private static final Set<String> DECISIONS = Set.of("approved", "denied", "expired");

        public ApprovalDecided {
            Objects.requireNonNull(approvalId, "approvalId");
            if (!DECISIONS.contains(decision)) {
                throw new IllegalArgumentException("approval decision '" + decision + "' is not one of approved, denied, expired");
            }
            Objects.requireNonNull(by, "by");
        }
    }

    /**
     * A call of a client tool: the caller runs it and posts its output. The run waits
     * ({@code awaiting_client_tool}) until every such call has one.
     */
    record ToolClientRequested(String callId, String tool, String arguments) implements EventPayload {
        public ToolClientRequested {
            Objects.requireNonNull(callId, "callId");
        }
    }

    /** The caller posted the output of every client tool call the run waited for; the run goes on. */
    record RunResumedByClient(List<String> callIds) implements EventPayload {
        public RunResumedByClient {
            callIds = callIds == null ? List.of() : List.copyOf(callIds);
        }
    }

    /** A tool call failed; the model is told {@code error}. */
    record ToolFailed(String callId, String tool, String error, long latencyMillis) implements EventPayload {
    }

    /**
     * A tool call was refused before it ran, whatever the model asked: policy denied it, no such
     * tool exists, its arguments broke the tool's input schema, or it was over the tool's rate
     * limit. Always followed by the call's {@code tool.failed}, which tells the model {@code message}.
     *
     * @param reason  {@code denied}, {@code unknown_tool}, {@code invalid_arguments} or {@code rate_limited}
     * @param rule    the policy rule that decided ({@code tool_policies[0]}, {@code tools[1].rules[0]}),
     *                or null when no rule did
     */
    record ToolRefused(String callId, String tool, String reason, String rule, String message) implements EventPayload {
        public ToolRefused {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A memory block changed, by the agent ({@code source = agent}) or through the API ({@code api}):
     * {@code value} is the block's whole new text. {@code operation} is how: {@code append} or
     * {@code replace} (the agent's memory tool), {@code set} (the API), or {@code restore}, which
     * gives the block again the value it had at the version {@code restoredFrom} (the sequence
     * number of that version; null for every other operation).
     */
    record MemoryWritten(String label, String value, String operation, String source, Long restoredFrom)
            implements EventPayload {
        public static final String RESTORE = "restore";

        public MemoryWritten {
            Objects.requireNonNull(label, "label");
            value = value == null ? "" : value;
            if (RESTORE.equals(operation) != (restoredFrom != null)) {
                throw new IllegalArgumentException("restored_from is set exactly for operation restore, got operation "
                        + operation + " and restored_from " + restoredFrom);
            }
        }

        /** A change that restores no earlier version. */
        public MemoryWritten(String label, String value, String operation, String source) {
            this(label, value, operation, source, null);
        }
    }

    /**
     * Earlier conversation was summarized before model step {@code step}, because the transcript no
     * longer fit the route's context budget. From then on a model's context holds {@code summary}
     * in place of the transcript up to and including event {@code throughSeq}; the events
     * themselves stay as they are. The summary covers the previous one, if any, and the
     * {@code messages} transcript messages from event {@code fromSeq} to {@code throughSeq}. The
     * summarizing call is a model call of the run: its target, usage (counted in the run's) and
     * latency are here, and {@code failures} lists the attempts that failed before it.
     */
    record ContextCompacted(int step, long fromSeq, long throughSeq, int messages, String summary, String provider,
                            String model, Usage usage, long latencyMillis, List<ModelFailed> failures)
            implements EventPayload {
        public ContextCompacted {
            Objects.requireNonNull(summary, "summary");
            if (fromSeq < 1 || throughSeq < fromSeq) {
                throw new IllegalArgumentException("a compacted range runs from a sequence number of at least 1 to one "
                        + "no lower, got " + fromSeq + " to " + throughSeq);
            }
            usage = usage == null ? Usage.ZERO : usage;
            failures = failures == null ? List.of() : List.copyOf(failures);
        }
    }

    /**
     * Summarizing earlier conversation (the messages from {@code fromSeq} to {@code throughSeq})
     * failed before model step {@code step}: {@code reason} is the last failure's stable name (or
     * {@code empty_summary} when the model answered with no text), {@code failures} every failed
     * attempt, and {@code usage} what an answer that could not be used cost (counted in the run's).
     * The run goes on with the oldest messages left out of its context, as they were before
     * summaries existed, and does not try to summarize again.
     */
    record ContextCompactionFailed(int step, long fromSeq, long throughSeq, String reason, String message, Usage usage,
                                   List<ModelFailed> failures) implements EventPayload {
        public ContextCompactionFailed {
            Objects.requireNonNull(reason, "reason");
            usage = usage == null ? Usage.ZERO : usage;
            failures = failures == null ? List.of() : List.copyOf(failures);
        }
    }

    /**
     * The run's conversation is queued for long-term memory extraction: job {@code jobId} (queued
     * in the same transaction as this event) extracts what {@code extract} names ({@code facts},
     * {@code preferences}, {@code summary}).
     */
    record MemoryExtractionQueued(String jobId, List<String> extract) implements EventPayload {
        public MemoryExtractionQueued {
            Objects.requireNonNull(jobId, "jobId");
            extract = extract == null ? List.of() : List.copyOf(extract);
        }
    }

    /**
     * Extraction job {@code jobId} read run {@code runId} and changed long-term memory: the model
     * call it made (provider, model, usage) and every item it added, updated or superseded.
     */
    record MemoryExtracted(String jobId, String runId, String provider, String model, Usage usage,
                           List<ExtractionChange> changes) implements EventPayload {
        public MemoryExtracted {
            Objects.requireNonNull(jobId, "jobId");
            usage = usage == null ? Usage.ZERO : usage;
            changes = changes == null ? List.of() : List.copyOf(changes);
        }
    }

    /**
     * One item an extraction changed.
     *
     * @param action     {@code added}, {@code updated}, {@code superseded} or {@code unchanged}
     * @param kind       {@code fact}, {@code preference} or {@code summary}
     * @param itemId     the item now current
     * @param previousId for {@code superseded}: the item it replaced; null otherwise
     */
    record ExtractionChange(String action, String kind, String itemId, String previousId) {
        public ExtractionChange {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(itemId, "itemId");
        }
    }

    /** The run finished with a final answer. */
    record RunCompleted(String output, int steps, Usage usage) implements EventPayload {
        public RunCompleted {
            output = output == null ? "" : output;
            usage = usage == null ? Usage.ZERO : usage;
        }
    }

    /** The run failed; {@code reason} is a stable name ({@code max_steps}, {@code provider_auth_failed}, ...). */
    record RunFailed(String reason, String message) implements EventPayload {
    }

    /**
     * Somebody asked a running run to stop; the worker executing it, in whatever process, ends
     * it as cancelled at its next step boundary.
     */
    record RunCancelRequested(String reason) implements EventPayload {
    }

    /** The run was cancelled before it finished. */
    record RunCancelled(String reason) implements EventPayload {
    }
}
