package dev.cairn.core.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cairn.core.ConflictException;
import dev.cairn.core.IdGenerator;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.AgentSpecs;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.agent.OnBusy;
import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.archive.SessionArchive;
import dev.cairn.core.archive.SessionExport;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.LargeOutputs;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.loop.CancellationToken;
import dev.cairn.core.loop.RunExecutor;
import dev.cairn.core.loop.RunTask;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.session.SessionLog;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.store.ApprovalRecord;
import dev.cairn.core.store.FencedException;
import dev.cairn.core.store.Lease;
import dev.cairn.core.store.RunRecord;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful runtime: agents, sessions, messages and runs over a {@link Store}. Every method
 * checks that the objects it touches belong to the caller's tenant (another tenant's ids are
 * not found). A method that returns normally after a write has that write on disk.
 *
 * <p>Thread-safe. Runs execute on virtual threads, one session's runs one after another.
 */
public final class AgentRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);
    private static final int MAX_MESSAGE_CHARS = 256 * 1024;

    private final Store store;
    private final AgentSpecs specs;
    private final RunExecutor executor;
    private final IdGenerator ids;
    private final Clock clock;
    private final EventHub hub;
    private final RunWorkers scheduler;
    private final Approvals approvals;
    private final Cache<String, SessionLog> logs = Caffeine.newBuilder().softValues().build();
    // Agent versions never change once stored, and every message and run needs its session's.
    private final Cache<PinnedAgent, AgentVersion> agentVersions = Caffeine.newBuilder().maximumSize(10_000).build();
    private final SessionTransfer transfer;
    private final RetentionSweep retention;
    private final SessionMemory memory;

    private AgentRuntime(Store store, AgentSpecs specs, RunExecutor executor, IdGenerator ids, Clock clock, Options options,
                         SessionArchive archive) {
        this.store = store;
        this.specs = specs;
        this.executor = executor;
        this.ids = ids;
        this.clock = clock;
        this.hub = store.changes().shared() ? new EventHub(store.events()::lastSeq) : new EventHub();
        this.approvals = new Approvals(store, this::log, clock, (tenantId, sessionId) -> kick(tenantId, sessionId),
                options.maxPendingApprovalsPerSession(), options.maxPendingApprovalsPerTenant());
        this.transfer = new SessionTransfer(store, ids, clock);
        this.memory = new SessionMemory(store.events(),
                (tenantId, sessionId) -> pinnedAgent(session(tenantId, sessionId)).spec().memory(), this::log);
        this.retention = new RetentionSweep(store, archive, clock, options.retentionInterval(), transfer, logs::invalidate);
        this.scheduler = new RunWorkers(ids.newId("node"), store.leases(), store.runs(), options.leaseTtl(),
                options.scanInterval(), clock, this::drain, approvals::expireOverdue, retention::startWhenDue);
        store.events().addListener(hub::appended);
        store.changes().subscribe(new RemoteCommits(store.events(), hub, scheduler));
    }

    /**
     * How runs are claimed, how many approvals may wait for people at once, and how often idle
     * sessions are archived.
     *
     * @param leaseTtl                  how long a session's lease lasts without a heartbeat; a worker
     *                                  that dies holds its sessions this long before another worker
     *                                  resumes their runs
     * @param scanInterval              how often to look for runs that no worker is executing (and
     *                                  for approvals that have expired)
     * @param maxPendingApprovalsPerSession approvals of one session that may be pending at once; a
     *                                  request beyond it fails at once instead of waiting
     * @param maxPendingApprovalsPerTenant  the same, for all sessions of a tenant together
     * @param retentionInterval         how often the scanner starts a retention sweep (by the runtime's clock)
     */
    public record Options(Duration leaseTtl, Duration scanInterval, int maxPendingApprovalsPerSession,
                          int maxPendingApprovalsPerTenant, Duration retentionInterval) {
        public static final int DEFAULT_MAX_PENDING_APPROVALS_PER_SESSION = 20;
        public static final int DEFAULT_MAX_PENDING_APPROVALS_PER_TENANT = 1000;
        public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofMinutes(5);
        public static final Options DEFAULT = new Options(Duration.ofSeconds(10), Duration.ofMillis(250));

        public Options {
            if (retentionInterval == null || retentionInterval.toSeconds() < 1) {
                throw new IllegalArgumentException("the retention sweep interval must be at least 1s, got " + retentionInterval);
            }
            if (leaseTtl.toMillis() < 100) {
                throw new IllegalArgumentException("the lease must last at least 100ms, got " + leaseTtl);
            }
            if (scanInterval.toMillis() < 10 || scanInterval.compareTo(leaseTtl) > 0) {
                throw new IllegalArgumentException("the scan interval must be between 10ms and the lease, got " + scanInterval);
            }
            if (maxPendingApprovalsPerSession < 1 || maxPendingApprovalsPerTenant < maxPendingApprovalsPerSession) {
                throw new IllegalArgumentException("pending approvals must be allowed at least 1 per session and no fewer "
                        + "per tenant than per session, got " + maxPendingApprovalsPerSession + " per session and "
                        + maxPendingApprovalsPerTenant + " per tenant");
            }
        }

        /** These lease settings with the default approval limits and retention interval. */
        public Options(Duration leaseTtl, Duration scanInterval) {
            this(leaseTtl, scanInterval, DEFAULT_MAX_PENDING_APPROVALS_PER_SESSION, DEFAULT_MAX_PENDING_APPROVALS_PER_TENANT,
                    DEFAULT_RETENTION_INTERVAL);
        }

        /** These lease settings and retention interval with the default approval limits. */
        public Options(Duration leaseTtl, Duration scanInterval, Duration retentionInterval) {
            this(leaseTtl, scanInterval, DEFAULT_MAX_PENDING_APPROVALS_PER_SESSION, DEFAULT_MAX_PENDING_APPROVALS_PER_TENANT,
                    retentionInterval);
        }

        public Options withApprovalLimits(int perSession, int perTenant) {
            return new Options(leaseTtl, scanInterval, perSession, perTenant, retentionInterval);
        }
    }

    /** A runtime over an open store, with the default lease. Call {@link #recover()} once before serving. */
    public static AgentRuntime create(Store store, AgentSpecs specs, RunExecutor executor, IdGenerator ids, Clock clock) {
        return new AgentRuntime(store, specs, executor, ids, clock, Options.DEFAULT, SessionArchive.NONE);
    }

    /** A runtime over an open store, which archives no session. Call {@link #recover()} once before serving. */
    public static AgentRuntime create(Store store, AgentSpecs specs, RunExecutor executor, IdGenerator ids, Clock clock,
                                      Options options) {
        return new AgentRuntime(store, specs, executor, ids, clock, options, SessionArchive.NONE);
    }

    /**
     * A runtime over an open store that archives sessions idle past their agent's retention to
     * {@code archive}. Call {@link #recover()} once before serving.
     */
    public static AgentRuntime create(Store store, AgentSpecs specs, RunExecutor executor, IdGenerator ids, Clock clock,
                                      Options options, SessionArchive archive) {
        return new AgentRuntime(store, specs, executor, ids, clock, options, Objects.requireNonNull(archive, "archive"));
    }

    /** This process's worker id, as leases name it. */
    public String holderId() {
        return scheduler.holderId();
    }

    public Store store() {
        return store;
    }

    public AgentSpecs specs() {
        return specs;
    }

    // ---------------------------------------------------------------- agents

    /** Validates and stores an agent definition; an unchanged definition keeps its version. */
    public AgentVersion applyAgent(String tenantId, String definition, boolean json) {
        return applyAgent(tenantId, specs.parse(definition, json));
    }

    public AgentVersion applyAgent(String tenantId, AgentSpec spec) {
        return store.agents().put(tenantId, spec);
    }

    public AgentVersion agent(String tenantId, String name) {
        return store.agents().latest(tenantId, name).orElseThrow(() -> new NotFoundException("agent", name));
    }

    // ---------------------------------------------------------------- sessions

    /** Creates a session pinned to the agent's latest version. */
    public SessionRecord createSession(String tenantId, String agentName, String userId, JsonNode metadata) {
        if (agentName == null || agentName.isBlank()) {
            throw new InvalidRequestException("'agent' is required: the name of the agent the session talks to");
        }
        AgentVersion agent = agent(tenantId, agentName);
        SessionRecord session = new SessionRecord(ids.newId("ses"), tenantId, agent.name(), agent.version(), userId,
                metadata, clock.instant());
        store.sessions().create(session);
        return session;
    }

    /**
     * Creates a session pinned to the agent's latest version under an id the caller derived, or
     * answers the tenant's session that already has that id, as it is. A caller that repeats a
     * step after a crash finds what the first attempt made instead of making a second one.
     *
     * @throws ConflictException when another tenant's session has the id
     */
    public SessionRecord createSessionOnce(String tenantId, String sessionId, String agentName, String userId,
                                           JsonNode metadata) {
        Optional<SessionRecord> existing = store.sessions().find(tenantId, sessionId);
        if (existing.isPresent()) {
            return existing.get();
        }
        AgentVersion agent = agent(tenantId, agentName);
        SessionRecord session = new SessionRecord(sessionId, tenantId, agent.name(), agent.version(), userId, metadata,
                clock.instant());
        try {
            store.sessions().create(session);
            return session;
        } catch (RuntimeException e) {
            return store.sessions().find(tenantId, sessionId).orElseThrow(() -> new ConflictException("session id '"
                    + sessionId + "' is taken"));
        }
    }

    public SessionRecord session(String tenantId, String sessionId) {
        return store.sessions().find(tenantId, sessionId).orElseThrow(() -> new NotFoundException("session", sessionId));
    }

    /**
     * Forks a session after its event {@code atSeq}: a new session of the same tenant, agent
     * version, user and metadata whose history is the original's up to there, shared, and whose
     * state then goes its own way. The fork point must leave no run open.
     *
     * @throws InvalidRequestException when {@code atSeq} is not between 1 and the session's last
     *     event, or a run is open there (the message names it and where to fork instead)
     */
    public SessionRecord fork(String tenantId, String sessionId, long atSeq) {
        SessionRecord parent = session(tenantId, sessionId);
        SessionLog parentLog = log(sessionId);
        return transfer.fork(parent, atSeq, runId -> parentLog.read(view -> view.run(runId)));
    }

    /**
     * Writes the session as JSON Lines (see {@link SessionExport}) to {@code out}, reading its
     * log a page at a time, and flushes it.
     *
     * @return the sequence number of the last event written
     */
    public long exportSession(String tenantId, String sessionId, OutputStream out) throws IOException {
        return transfer.export(session(tenantId, sessionId), out);
    }

    /**
     * Imports a session from an export into the tenant: under its own id when that is free, else
     * a new one. Every line is checked first; nothing is stored when one is bad.
     *
     * @throws InvalidRequestException naming the first bad line
     */
    public SessionRecord importSession(String tenantId, String exported) {
        SessionRecord imported = transfer.importSession(tenantId, exported);
        logs.invalidate(imported.id()); // a session of that id may have been cached before it was archived
        return imported;
    }

    /**
     * A large tool output that one of the tenant's sessions refers to.
     *
     * @throws NotFoundException when no session of the tenant refers to it
     */
    public byte[] blob(String tenantId, String sha256) {
        if (!LargeOutputs.isHash(sha256)) {
            throw new InvalidRequestException("'" + sha256 + "' is not a blob reference: 64 lowercase hex digits");
        }
        return store.blobs().read(tenantId, sha256, 0, Integer.MAX_VALUE)
                .orElseThrow(() -> new NotFoundException("blob", sha256));
    }

    /**
     * Archives every session idle for longer than its agent version's retention and with no open
     * run: writes its export to the archive, then removes it from the store. The scanner runs
     * this every {@link Options#retentionInterval()}; sweeps never overlap, on this node or across
     * nodes sharing the store: while another node sweeps, this answers an empty report.
     */
    public SweepReport sweepRetention() {
        return retention.sweep();
    }

    /** The session's state derived from its log. */
    public SessionState state(String tenantId, String sessionId) {
        SessionRecord session = session(tenantId, sessionId);
        AgentVersion agent = pinnedAgent(session);
        SessionLog log = log(sessionId);
        log.catchUp();
        return log.read(view -> new SessionState(session, view.lastSeq(), view.transcript(),
                view.memoryBlocks(agent.spec().memory().blocks()), view.runs()));
    }

    /** Up to {@code limit} events after {@code afterSeq}. */
    public List<Event> events(String tenantId, String sessionId, long afterSeq, int limit) {
        session(tenantId, sessionId);
        return store.events().read(sessionId, afterSeq, limit);
    }

    /** A live stream of the session's events after {@code afterSeq}. Close it when done. */
    public EventStream stream(String tenantId, String sessionId, long afterSeq) {
        session(tenantId, sessionId);
        return new EventStream(sessionId, afterSeq, store.events(), hub);
    }

    /** Sessions' memory blocks: every block with its limit, each block's history, writes and restores. */
    public SessionMemory memory() {
        return memory;
    }

    /**
     * Records in the session's log what a memory extraction job did; what {@link MemoryExtractionJob}
     * is given as its recorder.
     */
    public void recordExtraction(String tenantId, String sessionId, EventPayload.MemoryExtracted extracted) {
        session(tenantId, sessionId);
        log(sessionId).update(view -> List.of(NewEvent.of(extracted)));
    }

    // ---------------------------------------------------------------- messages and runs

    /**
     * Appends a user message and queues a run to answer it. When this returns, both are on disk.
     *
     * @param onBusy what to do when the session already has an active run; null: the agent's setting
     * @throws ConflictException when the session is busy and its policy is {@code reject}
     */
    public PostedMessage postMessage(String tenantId, String sessionId, String content, OnBusy onBusy) {
        return postMessages(tenantId, sessionId, List.of(content), onBusy);
    }

    /**
     * Appends user messages in order and queues one run to answer the last, all in one batch: when
     * this returns, all are on disk, and when it throws, none is.
     *
     * @param onBusy what to do when the session already has an active run; null: the agent's setting
     * @return the last message and the run queued to answer it
     * @throws InvalidRequestException when there is no message, or one is blank or too long
     * @throws ConflictException       when the session is busy and its policy is {@code reject}
     */
    public PostedMessage postMessages(String tenantId, String sessionId, List<String> contents, OnBusy onBusy) {
        return postMessages(tenantId, sessionId, contents, onBusy, Continuation.NONE);
    }

    /**
     * As {@link #postMessages(String, String, List, OnBusy)}, moving the session to
     * {@code continuation.agent()} and checking that nothing followed {@code continuation.afterSeq()}
     * in the same atomic append as the messages: of two posts continuing the same point, at most one
     * succeeds.
     *
     * @throws SessionWentOnException when a user message follows {@code continuation.afterSeq()}
     */
    public PostedMessage postMessages(String tenantId, String sessionId, List<String> contents, OnBusy onBusy,
                                      Continuation continuation) {
        checkContents(contents);
        SessionRecord session = session(tenantId, sessionId);
        AgentVersion agent = continuation.agent() != null ? continuation.agent() : pinnedAgent(session);
        if (!agent.tenantId().equals(tenantId)) {
            throw new InvalidRequestException("agent '" + agent.name() + "' belongs to another tenant");
        }
        OnBusy policy = onBusy != null ? onBusy : agent.spec().onBusy();
        String runId = ids.newId("run");
        List<String> messageIds = contents.stream().map(content -> ids.newId("msg")).toList();
        String lastMessageId = messageIds.getLast();
        List<String> interrupted = new ArrayList<>();
        List<Event> stored = log(sessionId).update(view -> {
            interrupted.clear();
            SessionMoves.requireNothingAfter(view, continuation.afterSeq());
            List<NewEvent> events = new ArrayList<>(SessionMoves.moveEvents(view, continuation.agent()));
            List<RunView> open = view.openRuns();
            if (!open.isEmpty() && policy == OnBusy.REJECT) {
                throw new ConflictException("session '" + sessionId + "' has an active run '" + open.getFirst().id()
                        + "' and its on_busy policy is reject");
            }
            if (policy == OnBusy.INTERRUPT) {
                for (RunView run : open) {
                    if (run.state() == RunState.QUEUED || run.awaiting()) {
                        events.add(NewEvent.ofRun(run.id(), new EventPayload.RunCancelled("interrupted by a newer message")));
                    } else {
                        interrupted.add(run.id());
                        events.add(NewEvent.ofRun(run.id(), new EventPayload.RunCancelRequested("interrupted by a newer message")));
                    }
                }
            }
            for (int i = 0; i < contents.size(); i++) {
                events.add(NewEvent.of(new EventPayload.UserMessage(messageIds.get(i), contents.get(i))));
            }
            events.add(NewEvent.ofRun(runId, new EventPayload.RunQueued("message", view.lastSeq() + events.size())));
            return events;
        });
        interrupted.forEach(id -> scheduler.cancelHere(id, "interrupted by a newer message"));
        scheduler.kick(tenantId, sessionId);
        Event message = stored.stream()
                .filter(e -> e.payload() instanceof EventPayload.UserMessage user && user.messageId().equals(lastMessageId))
                .findFirst().orElseThrow();
        RunView run = log(sessionId).read(view -> view.run(runId).orElseThrow());
        return new PostedMessage(message, run);
    }

    /**
     * Appends user messages in order without queuing a run: the next run of the session reads them
     * as earlier conversation. All or none are stored.
     *
     * @return the stored {@code message.user} events
     * @throws InvalidRequestException when there is no message, or one is blank or too long
     */
    public List<Event> appendMessages(String tenantId, String sessionId, List<String> contents) {
        checkContents(contents);
        session(tenantId, sessionId);
        List<NewEvent> events = contents.stream()
                .map(content -> NewEvent.of(new EventPayload.UserMessage(ids.newId("msg"), content))).toList();
        return log(sessionId).update(view -> events);
    }

    private static void checkContents(List<String> contents) {
        if (contents == null || contents.isEmpty()) {
            throw new InvalidRequestException("at least one message is required");
        }
        for (String content : contents) {
            if (content == null || content.isBlank()) {
                throw new InvalidRequestException("'content' is required and must not be blank");
            }
            if (content.length() > MAX_MESSAGE_CHARS) {
                throw new InvalidRequestException("'content' has " + content.length() + " characters, over the limit of "
                        + MAX_MESSAGE_CHARS);
            }
        }
    }

    public RunView run(String tenantId, String runId) {
        RunRecord record = store.runs().find(tenantId, runId).orElseThrow(() -> new NotFoundException("run", runId));
        SessionLog log = log(record.sessionId());
        Optional<RunView> run = log.read(view -> view.run(runId));
        if (run.isEmpty() || run.get().state() != record.state()) {
            log.catchUp();
            run = log.read(view -> view.run(runId));
        }
        return run.orElseThrow(() -> new NotFoundException("run", runId));
    }

    public List<RunRecord> runs(String tenantId, String sessionId, RunState state, int limit) {
        return store.runs().list(tenantId, sessionId, state, limit);
    }

    /**
     * Waits until the run ends, or waits for a person or the caller ({@code awaiting_approval},
     * {@code awaiting_client_tool}), or {@code timeout} passes, and answers its state then.
     */
    public RunView awaitRun(String tenantId, String runId, Duration timeout) throws InterruptedException {
        RunView run = run(tenantId, runId);
        if (run.state().terminal() || run.awaiting()) {
            return run;
        }
        String sessionId = run.sessionId();
        CompletableFuture<Void> end = hub.runEnd(sessionId, runId);
        try {
            run = run(tenantId, runId);
            if (!run.state().terminal() && !run.awaiting()) {
                end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            // answered with the state the run has now
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for run '" + runId + "' failed", e.getCause());
        } finally {
            hub.forgetRunEnd(sessionId, runId, end);
        }
        return run(tenantId, runId);
    }

    /**
     * Cancels a run: a queued run, or one waiting for a person or the caller, at once; a running
     * one at its next step boundary.
     *
     * @throws ConflictException when the run has already ended
     */
    public RunView cancel(String tenantId, String runId, String reason) {
        RunView run = run(tenantId, runId);
        String why = reason == null || reason.isBlank() ? "cancelled through the API" : reason;
        boolean[] signal = {false};
        List<Event> cancelled = log(run.sessionId()).update(view -> {
            RunView current = view.run(runId).orElseThrow();
            if (current.state().terminal()) {
                throw new ConflictException("run '" + runId + "' has already ended (" + current.state().wireName() + ")");
            }
            signal[0] = false;
            if (current.state() == RunState.QUEUED || current.awaiting()) {
                return List.of(NewEvent.ofRun(runId, new EventPayload.RunCancelled(why)));
            }
            signal[0] = true;
            // Durable, so the worker executing it stops whichever process it is in.
            return view.cancelRequest(runId).isPresent() ? List.of()
                    : List.of(NewEvent.ofRun(runId, new EventPayload.RunCancelRequested(why)));
        });
        if (signal[0]) {
            scheduler.cancelHere(runId, why);
        }
        if (cancelled.stream().anyMatch(event -> event.payload() instanceof EventPayload.RunCancelled)) {
            scheduler.kick(tenantId, run.sessionId()); // the runs queued behind it may go
        }
        return run(tenantId, runId);
    }

    /** What the run waits for: client tool calls the caller has, and approvals nobody has decided. */
    public RunWaits waits(String tenantId, String runId) {
        RunView run = run(tenantId, runId);
        return log(run.sessionId()).read(view -> new RunWaits(
                view.openCalls(runId).stream().filter(SessionView.OpenCall::sentToClient).toList(),
                view.pendingApprovals().stream().filter(approval -> approval.runId().equals(runId)).toList()));
    }

    /**
     * Records the caller's outputs of client tool calls, all or none. Once no client call of the
     * run waits any more, the run goes on ({@code run.resumed_by_client}).
     *
     * @throws ConflictException       when the run is not waiting for client tool outputs
     * @throws InvalidRequestException when there are no outputs, a call id is listed twice, or the
     *                                 run does not wait for a call id (each named)
     */
    public RunView submitToolOutputs(String tenantId, String runId, List<ToolOutput> outputs) {
        ClientCalls.requireDistinct(outputs);
        RunView run = run(tenantId, runId);
        List<Event> stored = log(run.sessionId()).update(view -> ClientCalls.answer(view, runId, outputs, clock.instant()));
        if (stored.stream().anyMatch(event -> event.payload() instanceof EventPayload.RunResumedByClient)) {
            scheduler.kick(tenantId, run.sessionId());
        }
        return run(tenantId, runId);
    }

    /** An approval of the tenant; one past its expiry is decided {@code expired} first. */
    public ApprovalRecord approval(String tenantId, String approvalId) {
        return approvals.find(tenantId, approvalId);
    }

    /** The tenant's approvals, newest first, optionally of one session and in one status (null: any). */
    public List<ApprovalRecord> approvals(String tenantId, String sessionId, ApprovalStatus status, int limit) {
        if (sessionId != null) {
            session(tenantId, sessionId);
        }
        return approvals.list(tenantId, sessionId, status, limit);
    }

    /**
     * Records a person's decision on a pending approval ({@code by}: who, as the API key's id) and
     * lets the run go on: an approved call runs, a denied one fails and the model is told.
     *
     * @throws NotFoundException       when the tenant has no such approval
     * @throws ConflictException       when it was already decided or has expired
     * @throws InvalidRequestException when {@code decision} is neither approved nor denied
     */
    public ApprovalRecord decideApproval(String tenantId, String approvalId, ApprovalStatus decision, String by,
                                         String reason) {
        return approvals.decide(tenantId, approvalId, decision, by, reason);
    }

    /**
     * Starts executing runs: queued runs, and runs a previous process was executing when it
     * stopped, which resume from their last committed step once that process's lease expires.
     */
    public void recover() {
        scheduler.start();
    }

    // ---------------------------------------------------------------- execution

    /** Executes the session's runs in order; answers true when none is left open (the session is idle). */
    private boolean drain(String tenantId, String sessionId, Lease lease, RunWorkers.Worker worker) throws InterruptedException {
        SessionLog log = log(sessionId);
        log.catchUp();
        SessionRecord session = store.sessions().find(tenantId, sessionId).orElseThrow();
        while (!worker.lost()) {
            Optional<RunView> next = log.read(view -> view.activeRun());
            if (next.isEmpty()) {
                return true;
            }
            if (next.get().awaiting()) {
                return false; // a run waiting for a person or the caller needs no worker, and the runs queued behind it wait
            }
            RunView run = next.get();
            CancellationToken token = scheduler.token(run.id());
            worker.executing(token);
            try {
                SessionView.PinnedVersion pinned = log.read(view -> view.agentOf(run.id()));
                RunView after = executor.execute(new RunTask(session.tenantId(), run.id(),
                        pinnedAgent(tenantId, pinned.agent(), pinned.version()), log, token,
                        scheduler.holderId(), lease.token(), approvals::refusal), hub::delta);
                if (!after.state().terminal()) {
                    return false; // halted (the process is stopping or the lease is gone), or waiting for a person or the caller
                }
            } catch (FencedException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.error("run {} of session {} failed unexpectedly", run.id(), sessionId, e);
                failUnexpectedly(log, run.id(), lease.token(), e);
            } finally {
                scheduler.forget(run.id());
            }
        }
        return false;
    }

    private void kick(String tenantId, String sessionId) {
        scheduler.kick(tenantId, sessionId);
    }

    private static void failUnexpectedly(SessionLog log, String runId, long fencingToken, RuntimeException failure) {
        try {
            log.update(view -> view.run(runId).filter(run -> !run.state().terminal())
                    .map(run -> List.of(NewEvent.ofRun(runId, new EventPayload.RunFailed("internal_error",
                            "the run stopped on an internal error: " + failure.getClass().getSimpleName()))))
                    .orElse(List.of()), fencingToken);
        } catch (RuntimeException e) {
            LOG.error("could not record the failure of run {}", runId, e);
        }
    }

    /** The agent version the session is pinned to now: the one it was created with, or the one it last moved to. */
    private AgentVersion pinnedAgent(SessionRecord session) {
        SessionView.PinnedVersion pinned = log(session.id()).read(view -> view.agent() == null ? null
                : new SessionView.PinnedVersion(view.agent(), view.agentVersion()));
        return pinned == null ? pinnedAgent(session.tenantId(), session.agent(), session.agentVersion())
                : pinnedAgent(session.tenantId(), pinned.agent(), pinned.version());
    }

    private AgentVersion pinnedAgent(String tenantId, String name, int version) {
        AgentVersion agent = agentVersions.get(new PinnedAgent(tenantId, name, version),
                pinned -> store.agents().version(pinned.tenantId(), pinned.name(), pinned.version()).orElse(null));
        if (agent == null) {
            throw new NotFoundException("agent version", name + "@" + version);
        }
        return agent;
    }

    /**
     * Moves the session to the latest version of agent {@code agentName} (its own agent or
     * another), recorded as {@code session.agent_moved}; runs queued before keep their version.
     *
     * @return the move, or empty when the session is on that version already
     */
    public Optional<Event> moveSession(String tenantId, String sessionId, String agentName) {
        session(tenantId, sessionId);
        return SessionMoves.move(log(sessionId), tenantId, agent(tenantId, agentName));
    }

    /** The agent version the session is pinned to now: the one it was created with, or the one it last moved to. */
    public AgentVersion sessionAgent(String tenantId, String sessionId) {
        return pinnedAgent(session(tenantId, sessionId));
    }

    /** The agent version a run uses (see {@link SessionView#agentOf}). */
    public AgentVersion runAgent(String tenantId, String runId) {
        RunRecord record = store.runs().find(tenantId, runId).orElseThrow(() -> new NotFoundException("run", runId));
        SessionView.PinnedVersion pinned = log(record.sessionId()).read(view -> view.agentOf(runId));
        return pinnedAgent(tenantId, pinned.agent(), pinned.version());
    }

    /** The key of an agent version a session is pinned to. */
    private record PinnedAgent(String tenantId, String name, int version) {
    }

    private SessionLog log(String sessionId) {
        return logs.get(sessionId, id -> SessionLog.load(id, store.events()));
    }

    @Override
    public void close() {
        scheduler.close();
    }

    /** For tests: the cached view of a session (a copy of its runs). */
    List<RunView> cachedRuns(String sessionId) {
        return log(sessionId).read(SessionView::runs);
    }
}
