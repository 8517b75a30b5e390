package dev.cairn.core.session;

import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.model.Message;
import dev.cairn.core.run.RunFold;
import dev.cairn.core.run.RunView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session's state, derived from its event log by folding every event in order: the transcript,
 * the memory blocks (and where each was written), the latest summary of earlier conversation, the
 * runs, their open tool calls and the approvals they asked for. The same events always give the
 * same view, so a view can be thrown away and rebuilt, or cached and advanced with new events.
 *
 * <p>Not thread-safe: one owner advances it; readers take the copies its accessors return.
 */
public final class SessionView {

    private final String sessionId;
    private final List<TranscriptEntry> transcript = new ArrayList<>();
    private final Map<String, String> memoryBlocks = new LinkedHashMap<>();
    private final Map<String, List<Long>> memoryWrites = new LinkedHashMap<>();
    private final java.util.Set<String> compactionFailedRuns = new java.util.HashSet<>();
    private Compaction compaction;
    private long createdSeq;
    private final Map<String, RunView> runs = new LinkedHashMap<>();
    private final Map<String, OpenCall> openCalls = new LinkedHashMap<>();
    private final Map<String, String> cancelRequests = new LinkedHashMap<>();
    private final Map<String, Approval> approvals = new LinkedHashMap<>();
    private String agent;
    private int agentVersion;
    private final Map<String, PinnedVersion> runAgents = new java.util.HashMap<>();
    private long lastUserMessageSeq;
    private String userId;
    private String classification = "";
    private long lastSeq;
    private boolean largeOutputs;

    private SessionView(String sessionId) {
        this.sessionId = sessionId;
    }

    /** An empty view of a session with no events yet. */
    public static SessionView empty(String sessionId) {
        return new SessionView(sessionId);
    }

    /** The view that {@code events} (the session's log from sequence 1) produce. */
    public static SessionView replay(String sessionId, List<Event> events) {
        SessionView view = new SessionView(sessionId);
        events.forEach(view::apply);
        return view;
    }

    /**
     * Advances the view by one event, which must be the next in sequence.
     *
     * @throws IllegalStateException when the event is out of order or breaks the run lifecycle
     */
    public void apply(Event event) {
        if (!event.sessionId().equals(sessionId)) {
            throw new IllegalArgumentException("event of session '" + event.sessionId() + "' applied to '" + sessionId + "'");
        }
        if (event.seq() != lastSeq + 1) {
            throw new IllegalStateException("session '" + sessionId + "' expected event " + (lastSeq + 1) + " but got " + event.seq());
        }
        switch (event.payload()) {
            case EventPayload.SessionCreated created -> {
                createdSeq = event.seq();
                agent = created.agent();
                agentVersion = created.agentVersion();
                userId = created.userId();
                classification = created.metadata() == null ? "" : created.metadata().path("classification").asText("");
            }
            case EventPayload.SessionAgentMoved moved -> {
                agent = moved.agent();
                agentVersion = moved.agentVersion();
            }
            case EventPayload.UserMessage message -> {
                lastUserMessageSeq = event.seq();
                add(event, new Message.User(message.content()));
            }
            case EventPayload.RunQueued queued -> runAgents.put(event.runId(), new PinnedVersion(agent, agentVersion));
            case EventPayload.ModelResponded responded ->
                    add(event, new Message.Assistant(responded.text(), responded.toolCalls()));
            case EventPayload.ToolRequested requested -> openCalls.put(callKey(event.runId(), requested.callId()),
                    OpenCall.requested(event.runId(), requested.callId(), requested.tool(), requested.step(),
                            requested.arguments(), event.createdAt(), event.seq()));
            case EventPayload.ToolStarted started -> openCalls.computeIfPresent(callKey(event.runId(), started.callId()),
                    (key, call) -> call.started(started.idempotencyKey()));
            case EventPayload.ToolOutcomeUnknown unknown -> openCalls.computeIfPresent(callKey(event.runId(), unknown.callId()),
                    (key, call) -> call.unknown());
            case EventPayload.ToolClientRequested sent -> openCalls.computeIfPresent(callKey(event.runId(), sent.callId()),
                    (key, call) -> call.handedToClient());
            case EventPayload.ApprovalRequested requested -> {
                Approval approval = new Approval(requested.approvalId(), event.runId(), requested.callId(), requested.tool(),
                        requested.arguments(), requested.cause(), event.createdAt(), requested.expiresAt(),
                        ApprovalStatus.PENDING, null, null);
                approvals.put(approval.id(), approval);
                openCalls.computeIfPresent(callKey(event.runId(), requested.callId()), (key, call) -> call.asked(approval));
            }
            case EventPayload.ApprovalDecided decided -> {
                Approval approval = approvals.computeIfPresent(decided.approvalId(), (id, pending) ->
                        pending.decided(ApprovalStatus.parse(decided.decision()), decided.by(), decided.reason()));
                if (approval != null) {
                    openCalls.computeIfPresent(callKey(approval.runId(), approval.callId()),
                            (key, call) -> call.withApproval(approval));
                }
            }
            case EventPayload.ToolCompleted completed -> {
                openCalls.remove(callKey(event.runId(), completed.callId()));
                add(event, new Message.ToolResult(completed.callId(), completed.tool(), completed.output(), false));
                largeOutputs |= completed.outputRef() != null;
            }
            case EventPayload.ToolFailed failed -> {
                openCalls.remove(callKey(event.runId(), failed.callId()));
                add(event, new Message.ToolResult(failed.callId(), failed.tool(), failed.error(), true));
            }
            case EventPayload.RunCompleted completed -> closeRun(event.runId());
            case EventPayload.RunFailed failed -> closeRun(event.runId());
            case EventPayload.RunCancelled cancelled -> closeRun(event.runId());
            case EventPayload.RunCancelRequested requested -> cancelRequests.putIfAbsent(event.runId(), requested.reason());
            case EventPayload.MemoryWritten written -> {
                memoryBlocks.put(written.label(), written.value());
                memoryWrites.computeIfAbsent(written.label(), label -> new ArrayList<>()).add(event.seq());
            }
            case EventPayload.ContextCompacted compacted ->
                    compaction = new Compaction(event.seq(), compacted.summary(), compacted.throughSeq());
            case EventPayload.ContextCompactionFailed failed -> compactionFailedRuns.add(event.runId());
            default -> {
            }
        }
        RunFold.apply(runs, event);
        lastSeq = event.seq();
    }

    private static String callKey(String runId, String callId) {
        return runId + "\n" + callId;
    }

    /** A run that ended has no open calls, and nobody can decide its approvals any more. */
    private void closeRun(String runId) {
        cancelRequests.remove(runId);
        compactionFailedRuns.remove(runId);
        openCalls.values().removeIf(call -> call.runId().equals(runId));
        approvals.replaceAll((id, approval) -> approval.pending() && approval.runId().equals(runId)
                ? approval.decided(ApprovalStatus.CANCELLED, "system", "the run ended before anybody decided") : approval);
    }

    private void add(Event event, Message message) {
        transcript.add(new TranscriptEntry(event.seq(), event.runId(), message));
    }

    public String sessionId() {
        return sessionId;
    }

    /** The agent the session is pinned to, or null before {@code session.created}. */
    public String agent() {
        return agent;
    }

    public int agentVersion() {
        return agentVersion;
    }

    /**
     * The agent version a run uses: the one the session was pinned to when the run was queued
     * ({@code session.agent_moved} after that changes only later runs), or the session's current
     * one for a run this view has not seen queued.
     */
    public PinnedVersion agentOf(String runId) {
        PinnedVersion pinned = runAgents.get(runId);
        return pinned != null ? pinned : new PinnedVersion(agent, agentVersion);
    }

    /** The sequence number of the latest user message; 0 when there is none. */
    public long lastUserMessageSeq() {
        return lastUserMessageSeq;
    }

    public String userId() {
        return userId;
    }

    /** The session's data classification ({@code metadata.classification}), or an empty string. */
    public String classification() {
        return classification;
    }

    /** The sequence number of the last event applied; 0 for an empty log. */
    public long lastSeq() {
        return lastSeq;
    }

    /** Whether the transcript holds a tool output that was cut short (its whole is a blob). */
    public boolean hasLargeOutputs() {
        return largeOutputs;
    }

    /** The transcript in order (a read-only view; copy it to keep it across {@link #apply}). */
    public List<TranscriptEntry> transcript() {
        return Collections.unmodifiableList(transcript);
    }

    /**
     * Memory blocks written by events, label to value. Blocks the agent declares but nobody has
     * written yet are not here; see {@link #memoryBlocks(Map)}.
     */
    public Map<String, String> writtenMemoryBlocks() {
        return Collections.unmodifiableMap(memoryBlocks);
    }

    /** The agent's declared blocks with their initial values, overlaid by every write since. */
    public Map<String, String> memoryBlocks(Map<String, String> declared) {
        Map<String, String> blocks = new LinkedHashMap<>(declared);
        blocks.putAll(memoryBlocks);
        return blocks;
    }

    /** The sequence number of {@code session.created}: where declared memory blocks got their initial text. */
    public long createdSeq() {
        return createdSeq;
    }

    /**
     * The sequence numbers of the {@code memory.written} events of one block, oldest first (a
     * read-only view; copy it to keep it across {@link #apply}). Empty for a block never written.
     */
    public List<Long> memoryWrites(String label) {
        List<Long> writes = memoryWrites.get(label);
        return writes == null ? List.of() : Collections.unmodifiableList(writes);
    }

    /**
     * The latest summary of earlier conversation: from then on a model's context holds it in place
     * of the transcript up to its {@code throughSeq}. Empty while nothing was compacted.
     */
    public Optional<Compaction> compaction() {
        return Optional.ofNullable(compaction);
    }

    /** Whether summarizing earlier conversation failed during the run (it then does not try again). */
    public boolean compactionFailed(String runId) {
        return compactionFailedRuns.contains(runId);
    }

    /** Every run of the session, in the order they were queued. */
    public List<RunView> runs() {
        return List.copyOf(runs.values());
    }

    public Optional<RunView> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /** The run that is not yet terminal and was queued first, if any: the one that runs now or next. */
    public Optional<RunView> activeRun() {
        return runs.values().stream().filter(run -> !run.state().terminal()).findFirst();
    }

    /** Runs not yet terminal, in queue order. */
    public List<RunView> openRuns() {
        return runs.values().stream().filter(run -> !run.state().terminal()).toList();
    }

    /** The reason somebody asked the run to stop, while it has not ended; empty when nobody did. */
    public Optional<String> cancelRequest(String runId) {
        return Optional.ofNullable(cancelRequests.get(runId));
    }

    /** The run's tool calls that have no result yet, in the order they were requested. */
    public List<OpenCall> openCalls(String runId) {
        return openCalls.values().stream().filter(call -> call.runId().equals(runId)).toList();
    }

    /** An approval the session's runs asked for, pending or decided. */
    public Optional<Approval> approval(String approvalId) {
        return Optional.ofNullable(approvals.get(approvalId));
    }

    /** The approvals of every run of the session that nobody has decided yet, oldest first. */
    public List<Approval> pendingApprovals() {
        return approvals.values().stream().filter(Approval::pending).toList();
    }

    /**
     * A tool call without a result yet.
     *
     * @param started        whether {@code tool.started} was committed (the call may have run) since
     *                       its latest approval, if any
     * @param idempotencyKey the key it started with, or null before it started
     * @param outcomeUnknown whether its outcome was recorded as unknown since it last started
     * @param requestedAt    when the model asked for it
     * @param approval       the approval it waits for or that was last decided for it; null when
     *                       none was asked since it last started
     * @param sentToClient   whether it was handed to the caller ({@code tool.client_requested})
     * @param approvalsAsked how many approvals were asked for it so far
     * @param requestedSeq   the sequence number of its {@code tool.requested} event
     */
    public record OpenCall(String runId, String callId, String tool, int step, String arguments, String idempotencyKey,
                           boolean started, boolean outcomeUnknown, Instant requestedAt, Approval approval,
                           boolean sentToClient, int approvalsAsked, long requestedSeq) {

        static OpenCall requested(String runId, String callId, String tool, int step, String arguments, Instant at, long seq) {
            return new OpenCall(runId, callId, tool, step, arguments, null, false, false, at, null, false, 0, seq);
        }

        /** True while a person has yet to decide whether it may run. */
        public boolean awaitingApproval() {
            return approval != null && approval.pending();
        }

        /** A (new) start clears the approval that allowed it and any unknown outcome before it. */
        OpenCall started(String key) {
            return new OpenCall(runId, callId, tool, step, arguments, key, true, false, requestedAt, null, sentToClient,
                    approvalsAsked, requestedSeq);
        }

        OpenCall unknown() {
            return new OpenCall(runId, callId, tool, step, arguments, idempotencyKey, started, true, requestedAt, approval,
                    sentToClient, approvalsAsked, requestedSeq);
        }

        OpenCall handedToClient() {
            return new OpenCall(runId, callId, tool, step, arguments, idempotencyKey, started, outcomeUnknown, requestedAt,
                    approval, true, approvalsAsked, requestedSeq);
        }

        OpenCall asked(Approval asked) {
            return new OpenCall(runId, callId, tool, step, arguments, idempotencyKey, started, outcomeUnknown, requestedAt,
                    asked, sentToClient, approvalsAsked + 1, requestedSeq);
        }

        OpenCall withApproval(Approval decided) {
            return new OpenCall(runId, callId, tool, step, arguments, idempotencyKey, started, outcomeUnknown, requestedAt,
                    decided, sentToClient, approvalsAsked, requestedSeq);
        }
    }

    /**
     * A request for a person's approval of one tool call.
     *
     * @param cause       {@code policy} or {@code outcome_unknown}, as in {@code approval.requested}
     * @param requestedAt when it was asked for
     * @param expiresAt   when it counts as denied if still pending
     * @param decidedBy   the API key that decided it, {@code system} for expiry, or null while pending
     * @param reason      the reason given with the decision, if any
     */
    public record Approval(String id, String runId, String callId, String tool, String arguments, String cause,
                           Instant requestedAt, Instant expiresAt, ApprovalStatus status, String decidedBy,
                           String reason) {

        public boolean pending() {
            return status == ApprovalStatus.PENDING;
        }

        /** True when it is still pending at {@code now} although its time is up. */
        public boolean overdue(Instant now) {
            return pending() && !now.isBefore(expiresAt);
        }

        Approval decided(ApprovalStatus decision, String by, String why) {
            return new Approval(id, runId, callId, tool, arguments, cause, requestedAt, expiresAt, decision, by, why);
        }
    }

    /**
     * A summary of the conversation up to and including event {@code throughSeq}, recorded at
     * {@code seq} ({@code context.compacted}).
     */
    public record Compaction(long seq, String summary, long throughSeq) {
    }

    /** One transcript message with where it came from. */
    public record TranscriptEntry(long seq, String runId, Message message) {
    }

    /** A version of an agent, as a session or a run is pinned to it. */
    public record PinnedVersion(String agent, int version) {
    }
}
