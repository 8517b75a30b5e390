package dev.cairn.core.delegate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ConflictException;
import dev.cairn.core.agent.OnBusy;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.EventStream;
import dev.cairn.core.store.RunRecord;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code agent_delegate}: runs another agent of the same tenant on a message, in a child session
 * of the same user, and answers the child run's final answer.
 *
 * <p>The child session's id is derived from the parent session and the call's idempotency key,
 * and its metadata names the parent ({@code delegation: {parent_session, parent_run, parent_call,
 * parent_agent, depth}}). A call made again with the same key (the loop retrying an idempotent
 * call, or a person approving a call whose outcome was lost) finds that session and its run and
 * waits for it, so a repeat never starts a second child. The result is recorded with an
 * {@link EventPayload.AgentDelegated} event naming the child and its token usage, which counts
 * in the parent run's usage.
 *
 * <p>Thread-safe.
 */
final class DelegateTool implements Tool {

    /** What one entry allows. */
    record Limits(List<String> agents, int maxDepth, int maxFanOut, Duration timeout) {
        Limits {
            agents = List.copyOf(agents);
        }
    }

    private static final int PAGE = 500;
    private static final Duration PARENT_CHECK = Duration.ofSeconds(1);
    /** How long a cancelled child is given to reach its step boundary before its state is recorded as it is. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

    private final Supplier<AgentRuntime> runtimes;
    private final Clock clock;
    private final Limits limits;
    private final boolean idempotent;
    private final ToolDefinition definition;

    DelegateTool(Supplier<AgentRuntime> runtimes, Clock clock, Limits limits, boolean idempotent) {
        this.runtimes = runtimes;
        this.clock = clock;
        this.limits = limits;
        this.idempotent = idempotent;
        ObjectNode schema = (ObjectNode) Json.constant("""
                {"type":"object","properties":{
                  "agent":{"type":"string","description":"the agent to hand the work to"},
                  "message":{"type":"string","description":"what the agent should do, with everything it needs to know"}},
                 "required":["agent","message"],"additionalProperties":false}""").deepCopy();
        limits.agents().forEach(((ObjectNode) schema.get("properties").get("agent")).putArray("enum")::add);
        this.definition = new ToolDefinition(DelegateToolKind.TOOL_NAME, "Hands a task to another agent ("
                + String.join(", ", limits.agents()) + ") and returns its final answer. It starts with no memory of this "
                + "conversation: say everything it needs in the message.", schema);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public boolean reachesOutside() {
        return true;
    }

    @Override
    public boolean idempotent() {
        return idempotent;
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) throws InterruptedException {
        String agent = allowedAgent(invocation);
        String message = invocation.requireText("message");
        if (message.isBlank()) {
            throw new ToolInputException("argument 'message' must not be blank");
        }
        AgentRuntime runtime = runtimes.get();
        if (runtime == null || invocation.tenantId() == null || invocation.runId() == null) {
            return ToolOutcome.failure("delegation is only possible inside a run of a started server");
        }
        String tenantId = invocation.tenantId();
        SessionRecord parent = runtime.session(tenantId, invocation.sessionId());
        int depth = depthOfChild(parent);
        String refusal = refusal(runtime, invocation, depth);
        if (refusal != null) {
            return ToolOutcome.failure(refusal);
        }
        String childSessionId = childSessionId(tenantId, invocation.sessionId(), invocation.idempotencyKey() == null
                ? invocation.runId() + "/" + invocation.callId() : invocation.idempotencyKey());
        SessionRecord child;
        try {
            child = runtime.createSessionOnce(tenantId, childSessionId, agent, parent.userId(), metadata(invocation, depth));
        } catch (CairnException e) {
            return ToolOutcome.failure("cannot delegate to agent '" + agent + "': " + e.getMessage());
        }
        String childRunId = childRun(runtime, tenantId, child.id(), message);
        ParentWatch parentRun = new ParentWatch(invocation.sessionId(), invocation.runId(), invocation.callSeq(),
                tokensLeft(runtime, parent, invocation.runId()));
        RunView run = awaitEnd(runtime, tenantId, child.id(), childRunId, clock.instant().plus(limits.timeout()), parentRun);
        if (!run.state().terminal()) {
            run = stop(runtime, tenantId, childRunId, parentRun.cancelled ? "the delegating run was cancelled"
                    : parentRun.overBudget(run) ? "the delegating run's limits.max_tokens_per_run is used up"
                    : "the delegating call waited longer than its timeout");
        }
        return outcome(invocation, agent, depth, run);
    }

    private String allowedAgent(ToolInvocation invocation) {
        String agent = invocation.requireText("agent");
        if (!limits.agents().contains(agent)) {
            throw new ToolInputException("agent '" + agent + "' is not one this agent may delegate to (allowed: "
                    + String.join(", ", limits.agents()) + ")");
        }
        return agent;
    }

    /** How many delegations below the first session a child of {@code parent} is. */
    private static int depthOfChild(SessionRecord parent) {
        if (parent.metadata() == null) {
            return 1;
        }
        // whoever creates a session may write its metadata: a depth below zero must not buy deeper chains
        return Math.max(0, parent.metadata().path("delegation").path("depth").asInt(0)) + 1;
    }

    /** Why this call may not start a child (depth or fan-out), or null when it may. */
    private String refusal(AgentRuntime runtime, ToolInvocation invocation, int depth) {
        if (depth > limits.maxDepth()) {
            return "cannot delegate: this session is already " + (depth - 1) + " delegation" + (depth == 2 ? "" : "s")
                    + " deep and max_depth is " + limits.maxDepth() + "; do the work here";
        }
        if (callIndex(runtime, invocation) > limits.maxFanOut()) {
            return "cannot delegate: this run has already made " + limits.maxFanOut()
                    + " delegation calls, its max_fan_out; use the answers you have";
        }
        return null;
    }

    /** Cancels the child run and gives it a moment to reach its step boundary, so its usage is complete. */
    private static RunView stop(AgentRuntime runtime, String tenantId, String childRunId, String why)
            throws InterruptedException {
        try {
            runtime.cancel(tenantId, childRunId, why);
        } catch (ConflictException e) {
            // it ended meanwhile
        }
        return runtime.awaitRun(tenantId, childRunId, CANCEL_GRACE);
    }

    /** Which delegation of its run this call is (1 for the first), counting every call the model made before it. */
    private static int callIndex(AgentRuntime runtime, ToolInvocation invocation) {
        RunView run = runtime.run(invocation.tenantId(), invocation.runId());
        long upTo = invocation.callSeq() > 0 ? invocation.callSeq() : Long.MAX_VALUE;
        long after = Math.max(0, run.messageSeq() - 1);
        int index = 0;
        while (true) {
            List<Event> page = runtime.events(invocation.tenantId(), invocation.sessionId(), after, PAGE);
            for (Event event : page) {
                if (event.seq() > upTo) {
                    return Math.max(index, 1);
                }
                if (invocation.runId().equals(event.runId()) && event.payload() instanceof EventPayload.ToolRequested requested
                        && requested.tool().equals(DelegateToolKind.TOOL_NAME)) {
                    index++;
                }
            }
            if (page.size() < PAGE) {
                return Math.max(index, 1);
            }
            after = page.getLast().seq();
        }
    }

    private static JsonNode metadata(ToolInvocation invocation, int depth) {
        ObjectNode metadata = Json.object();
        ObjectNode delegation = metadata.putObject("delegation");
        delegation.put("parent_session", invocation.sessionId());
        delegation.put("parent_run", invocation.runId());
        delegation.put("parent_call", invocation.callId());
        delegation.put("parent_agent", invocation.agent());
        delegation.put("depth", depth);
        return metadata;
    }

    /** The child session's run: the one a previous attempt started, or a new one for the message. */
    private static String childRun(AgentRuntime runtime, String tenantId, String childSessionId, String message) {
        List<RunRecord> runs = runtime.runs(tenantId, childSessionId, null, 100);
        if (!runs.isEmpty()) {
            return runs.getLast().id();
        }
        return runtime.postMessage(tenantId, childSessionId, message, OnBusy.ENQUEUE).run().id();
    }

    /**
     * Waits for the child run to end, through any wait for a person, until {@code deadline}, until
     * the child has used the tokens the parent run has left, or until somebody asks the parent run
     * to stop, looking every {@link #PARENT_CHECK}.
     */
    private RunView awaitEnd(AgentRuntime runtime, String tenantId, String sessionId, String runId, Instant deadline,
                             ParentWatch parent) throws InterruptedException {
        while (true) {
            RunView run = runtime.awaitRun(tenantId, runId, shortest(left(deadline), PARENT_CHECK));
            if (run.state().terminal() || left(deadline).isZero() || parent.overBudget(run)
                    || parent.cancelled(runtime, tenantId)) {
                return run;
            }
            if (run.awaiting()) {
                try (EventStream stream = runtime.stream(tenantId, sessionId, run.lastSeq())) {
                    stream.next(shortest(left(deadline), PARENT_CHECK));
                }
            }
        }
    }

    private static Duration shortest(Duration one, Duration other) {
        return one.compareTo(other) < 0 ? one : other;
    }

    /** The tokens the parent run may still use by its {@code max_tokens_per_run}; {@link Long#MAX_VALUE} without a limit. */
    private static long tokensLeft(AgentRuntime runtime, SessionRecord parent, String runId) {
        long limit = runtime.runAgent(parent.tenantId(), runId).spec().limits().maxTokensPerRun();
        return limit <= 0 ? Long.MAX_VALUE : Math.max(0, limit - runtime.run(parent.tenantId(), runId).usage().totalTokens());
    }

    /**
     * What the parent run allows the child while it waits: whether the parent was asked to stop
     * (read from its log after the call) and how many tokens it has left. Used by one thread.
     */
    private static final class ParentWatch {
        private final String sessionId;
        private final String runId;
        private final long tokensLeft;
        private long afterSeq;
        private boolean cancelled;

        ParentWatch(String sessionId, String runId, long callSeq, long tokensLeft) {
            this.sessionId = sessionId;
            this.runId = runId;
            this.afterSeq = callSeq;
            this.tokensLeft = tokensLeft;
        }

        boolean overBudget(RunView child) {
            return child.usage().totalTokens() > tokensLeft;
        }

        boolean cancelled(AgentRuntime runtime, String tenantId) {
            for (Event event : runtime.events(tenantId, sessionId, afterSeq, PAGE)) {
                afterSeq = event.seq();
                cancelled |= runId.equals(event.runId()) && (event.payload() instanceof EventPayload.RunCancelRequested
                        || event.payload() instanceof EventPayload.RunCancelled);
            }
            return cancelled;
        }
    }

    private Duration left(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private ToolOutcome outcome(ToolInvocation invocation, String agent, int depth, RunView run) {
        EventPayload delegated = new EventPayload.AgentDelegated(invocation.callId(), agent, run.sessionId(), run.id(), depth,
                run.state().wireName(), run.usage());
        return switch (run.state()) {
            case COMPLETED -> new ToolOutcome.Success(run.output(), List.of(delegated));
            case QUEUED, RUNNING, AWAITING_APPROVAL, AWAITING_CLIENT_TOOL -> new ToolOutcome.Failure("agent '" + agent
                    + "' did not answer (within delegate.timeout, " + limits.timeout().toSeconds()
                    + "s, or before this run was cancelled); its run " + run.id() + " was asked to stop", List.of(delegated));
            case CANCELLED -> new ToolOutcome.Failure("agent '" + agent + "' did not answer: its run was cancelled ("
                    + run.failureMessage() + ")", List.of(delegated));
            case FAILED, EXPIRED -> new ToolOutcome.Failure("agent '" + agent + "' failed: " + run.failureReason() + ": "
                    + run.failureMessage(), List.of(delegated));
        };
    }

    /** The child session of a call: the same parent session and call key always give the same id. */
    static String childSessionId(String tenantId, String sessionId, String callKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((tenantId + "\n" + sessionId + "\n" + callKey)
                    .getBytes(StandardCharsets.UTF_8));
            return "ses_d" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
