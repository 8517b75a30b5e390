package dev.cairn.core.loop;

import dev.cairn.core.Sleeper;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.Router;
import dev.cairn.core.route.TargetBreakers;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.tool.ToolCatalog;
import dev.cairn.core.tool.ToolCatalog.AgentTools;
import dev.cairn.core.tool.ToolPolicy;
import java.time.Clock;
import dev.cairn.core.event.Event;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The agent loop: model step, then the tool calls it asked for (concurrently), then the next model
 * step, until a final answer, a limit, a failure or a cancellation. Every step is committed to the
 * session's log before the next begins, and everything the loop decides from is in that log, so a
 * run's state can always be rebuilt from its events.
 *
 * <p>A call of a tool whose policy is {@code require_approval} is not started: the step asks a
 * person ({@code approval.requested}) and the run waits ({@code awaiting_approval}); a call of a
 * client tool is handed to the caller ({@code tool.client_requested}) and the run waits
 * ({@code awaiting_client_tool}). {@link #execute} returns such a run once it has nothing else to
 * do, and is called again for it when the decision or the outputs are in the log.
 *
 * <p>Thread-safe: one executor runs many runs at once, each on its own (virtual) thread.
 */
public final class RunExecutor {

    private final Router router;
    private final ToolCatalog catalog;
    private final ContextAssembler assembler;
    private final ModelCaller models;
    private final ContextCompactor compactor;
    private final ToolRunner tools;
    private final MemoryRecall recall;
    private final Clock clock;
    private final Parts parts;

    /** What an executor is made of, kept to make a copy with another gateway. */
    private record Parts(TokenCounter counter, RetryPolicy retry, Sleeper sleeper, RandomGenerator random,
                         TargetBreakers.Settings breakers) {
    }

    private RunExecutor(Router router, ToolCatalog catalog, TokenCounter counter, RetryPolicy retry, Sleeper sleeper,
                        RandomGenerator random, Clock clock, MemoryRecall recall) {
        this(router, catalog, counter, retry, sleeper, random, clock, recall, TargetBreakers.Settings.DEFAULTS,
                ModelGateway.OPEN);
    }

    private RunExecutor(Router router, ToolCatalog catalog, TokenCounter counter, RetryPolicy retry, Sleeper sleeper,
                        RandomGenerator random, Clock clock, MemoryRecall recall, TargetBreakers.Settings breakers,
                        ModelGateway gateway) {
        this.router = router;
        this.catalog = catalog;
        this.parts = new Parts(counter, retry, sleeper, random, breakers);
        this.assembler = new ContextAssembler(counter);
        this.models = new ModelCaller(router, retry, sleeper, random, clock, TargetBreakers.create(breakers, clock),
                Objects.requireNonNull(gateway, "gateway"));
        this.compactor = new ContextCompactor(assembler, models, counter);
        this.tools = new ToolRunner(clock, gateway);
        this.recall = recall;
        this.clock = clock;
    }

    /** An executor whose agents have no long-term memory recalled into their context. */
    public static RunExecutor create(Router router, ToolCatalog catalog, TokenCounter counter, RetryPolicy retry,
                                     Sleeper sleeper, RandomGenerator random, Clock clock) {
        return new RunExecutor(router, catalog, counter, retry, sleeper, random, clock, MemoryRecall.NONE);
    }

    /**
     * An executor that, before each model step of an agent with {@code memory.long_term}, recalls
     * from {@code memory} the items that best match the run's latest user message (see {@link MemoryRecall}).
     */
    public static RunExecutor create(Router router, ToolCatalog catalog, TokenCounter counter, RetryPolicy retry,
                                     Sleeper sleeper, RandomGenerator random, Clock clock, LongTermMemory memory) {
        return new RunExecutor(router, catalog, counter, retry, sleeper, random, clock,
                new MemoryRecall(Objects.requireNonNull(memory, "memory"), counter));
    }

    /** As {@link #create(Router, ToolCatalog, TokenCounter, RetryPolicy, Sleeper, RandomGenerator, Clock, LongTermMemory)}, with the route targets' circuit breakers set by {@code breakers}. */
    public static RunExecutor create(Router router, ToolCatalog catalog, TokenCounter counter, RetryPolicy retry,
                                     Sleeper sleeper, RandomGenerator random, Clock clock, LongTermMemory memory,
                                     TargetBreakers.Settings breakers) {
        return new RunExecutor(router, catalog, counter, retry, sleeper, random, clock,
                new MemoryRecall(Objects.requireNonNull(memory, "memory"), counter), Objects.requireNonNull(breakers, "breakers"),
                ModelGateway.OPEN);
    }

    /**
     * This executor with every model call (answers and summaries) admitted and recorded by
     * {@code gateway}: policy, budget and ledger. Circuit breakers start closed again.
     */
    public RunExecutor withGateway(ModelGateway gateway) {
        return new RunExecutor(router, catalog, parts.counter(), parts.retry(), parts.sleeper(), parts.random(), clock,
                recall, parts.breakers(), gateway);
    }

    /**
     * Executes a run to its end, or until it is halted, and answers its state then. A queued run
     * starts; a running run (its previous worker stopped) resumes after its last committed step.
     * A run that has ended meanwhile is left as it is.
     *
     * @throws dev.cairn.core.store.FencedException when the session's lease passed to another
     *     worker: this worker must stop, and has written nothing since
     */
    public RunView execute(RunTask task, RunObserver observer) throws InterruptedException {
        String runId = task.runId();
        AgentSpec spec = task.agent().spec();
        List<Event> begun = task.log().update(view -> view.run(runId).map(run -> switch (run.state()) {
            case QUEUED -> List.of(NewEvent.ofRun(runId,
                    new EventPayload.RunStarted(spec.name(), task.agent().version(), spec.route())));
            case RUNNING -> List.of(NewEvent.ofRun(runId,
                    new EventPayload.RunResumed(task.holderId(), task.fencingToken(), run.steps())));
            default -> List.<NewEvent>of();
        }).orElse(List.of()), task.fencingToken());
        if (begun.isEmpty()) {
            return currentRun(task);
        }
        Route route = router.route(spec.route());
        AgentTools agentTools = catalog.resolve(spec, task.tenantId());
        Set<String> startedHere = new HashSet<>();
        while (true) {
            RunView run = currentRun(task);
            if (run.state().terminal() || task.cancel().halted()) {
                return run;
            }
            if (task.cancel().cancelled()) {
                return end(task, new EventPayload.RunCancelled(task.cancel().reason()));
            }
            Optional<String> requested = task.log().read(view -> view.cancelRequest(runId));
            if (requested.isPresent()) {
                return end(task, new EventPayload.RunCancelled(requested.get()));
            }
            if (run.activeTime(clock.instant()).compareTo(spec.limits().runTimeoutDuration()) > 0) {
                return end(task, new EventPayload.RunFailed("run_timeout",
                        "the run took longer than limits.run_timeout (" + spec.limits().runTimeout() + ")"));
            }
            List<SessionView.OpenCall> open = task.log().read(view -> view.openCalls(runId));
            List<SessionView.OpenCall> actionable = open.stream().filter(call -> actionable(call, run, agentTools)).toList();
            if (!actionable.isEmpty()) {
                settle(task, actionable, agentTools, startedHere);
                continue;
            }
            if (!open.isEmpty() || run.awaiting()) {
                return run; // it waits for a person or the caller, and needs no worker until they answer
            }
            long limit = spec.limits().maxTokensPerRun();
            if (limit > 0 && run.usage().totalTokens() > limit) {
                return end(task, new EventPayload.RunFailed("max_tokens",
                        "the run used " + run.usage().totalTokens() + " tokens, over limits.max_tokens_per_run (" + limit + ")"));
            }
            if (run.steps() >= spec.limits().maxSteps()) {
                return end(task, new EventPayload.RunFailed("max_steps", "the run made " + spec.limits().maxSteps()
                        + " model calls without a final answer (limits.max_steps)"));
            }
            modelStep(task, route, agentTools, run.steps() + 1, observer, startedHere);
        }
    }

    /**
     * Whether this worker has something to do for an open call now. A call waits while a person
     * has yet to decide it or the caller has it; a client call is handed to the caller only once
     * no approval of the run is pending, so a run waits for one kind of answer at a time.
     */
    private static boolean actionable(SessionView.OpenCall call, RunView run, AgentTools agentTools) {
        if (call.awaitingApproval() || call.sentToClient()) {
            return false;
        }
        return !agentTools.policy(call.tool()).client() || run.pendingApprovals() == 0;
    }

    /** One model call, committed with the tool calls it starts (or with the run's end). */
    private void modelStep(RunTask task, Route route, AgentTools agentTools, int step, RunObserver observer,
                           Set<String> startedHere) throws InterruptedException {
        String runId = task.runId();
        List<ToolDefinition> definitions = agentTools.definitions(task.log().read(SessionView::hasLargeOutputs));
        String instructions = ToolOutputNotice.add(recall.instructionsWithMemories(task), definitions);
        compactor.compactIfNeeded(task, route, instructions, definitions, step);
        ContextAssembler.Context context = task.log().read(view -> assemble(view, task, instructions, definitions, route));
        int pendingApprovals = task.log().read(view -> view.pendingApprovals().size());
        StreamListener listener = delta -> observer.onTextDelta(task.log().sessionId(), runId, delta);
        ModelCaller.Outcome outcome = models.call(ModelCaller.subject(task, step, ChatRequest.Purpose.ANSWER), route, context.messages(), definitions, listener,
                task.agent().spec().limits().stepTimeoutDuration());
        List<NewEvent> batch = new ArrayList<>();
        String firstProvider = route.targets().getFirst().provider();
        String model = outcome.succeeded() ? outcome.target().model() : route.targets().getFirst().model();
        batch.add(NewEvent.ofRun(runId, new EventPayload.ModelRequested(step, route.name(),
                outcome.succeeded() ? outcome.target().provider() : firstProvider, model,
                context.messages().size(), context.tokens())));
        outcome.failures().forEach(failure -> batch.add(NewEvent.ofRun(runId, failure)));
        if (!outcome.succeeded()) {
            batch.add(NewEvent.ofRun(runId, new EventPayload.RunFailed(outcome.lastFailure().type(),
                    outcome.lastFailure().getMessage())));
            task.log().append(batch, task.fencingToken());
            return;
        }
        ChatResponse response = outcome.response();
        Message.Assistant answer = response.message();
        batch.add(NewEvent.ofRun(runId, new EventPayload.ModelResponded(step, outcome.target().provider(),
                response.model().isEmpty() ? model : response.model(), answer.text(), answer.toolCalls(), response.usage(),
                response.finishReason(), outcome.latencyMillis())));
        if (answer.toolCalls().isEmpty()) {
            RunView run = currentRun(task);
            queueExtraction(task, runId, batch);
            batch.add(NewEvent.ofRun(runId, new EventPayload.RunCompleted(answer.text(), run.steps() + 1,
                    run.usage().plus(response.usage()))));
            task.log().append(batch, task.fencingToken());
            return;
        }
        List<String> started = new ArrayList<>();
        List<ToolCall> forClient = new ArrayList<>();
        ApprovalRequests approvals = new ApprovalRequests(task, clock, pendingApprovals);
        for (ToolCall call : answer.toolCalls()) {
            batch.add(NewEvent.ofRun(runId, new EventPayload.ToolRequested(step, call.id(), call.name(), call.arguments())));
            ToolRunner.Call prepared = ToolCallGate.prepare(call, agentTools,
                    IdempotencyKeys.of(task.log().sessionId(), runId, step, call.id()));
            ToolPolicy policy = agentTools.policy(call.name());
            List<EventPayload> events = new ArrayList<>();
            if (prepared.refusal() != null) {
                events.addAll(ToolCallGate.refusal(call.id(), call.name(), prepared.refusal()));
            } else if (policy.client()) {
                forClient.add(call);
            } else if (prepared.requiresApproval()) {
                events.add(approvals.ask(step, call.id(), call.name(), call.arguments(), 0, policy,
                        EventPayload.ApprovalRequested.POLICY));
            } else if (ToolCallGate.start(prepared, events)) {
                started.add(call.id());
            }
            events.forEach(event -> batch.add(NewEvent.ofRun(runId, event)));
        }
        if (approvals.asked() == 0) {
            forClient.forEach(call -> batch.add(NewEvent.ofRun(runId,
                    new EventPayload.ToolClientRequested(call.id(), call.name(), call.arguments()))));
        }
        task.log().append(batch, task.fencingToken());
        startedHere.addAll(started);
    }

    /**
     * Gives every open tool call this worker can act on a result, or hands it on. Calls this
     * worker started run now; a call a person approved starts and runs; a call a person denied (or
     * let expire) fails, and the model is told. A call another worker had started may or may not
     * have taken effect: an idempotent tool is called again with the same idempotency key; any
     * other is recorded as {@code tool.outcome_unknown} and, as its {@code on_unknown_outcome}
     * says, the model is told so or a person is asked whether to call it again; it is never
     * silently called a second time. Client calls go to the caller once no approval is pending.
     */
    private void settle(RunTask task, List<SessionView.OpenCall> open, AgentTools agentTools, Set<String> startedHere)
            throws InterruptedException {
        String runId = task.runId();
        List<NewEvent> results = new ArrayList<>();
        List<ToolRunner.Call> toRun = new ArrayList<>();
        List<SessionView.OpenCall> forClient = new ArrayList<>();
        ApprovalRequests approvals = new ApprovalRequests(task, clock, task.log().read(view -> view.pendingApprovals().size()));
        for (SessionView.OpenCall call : open) {
            ToolCall toolCall = new ToolCall(call.callId(), call.tool(), call.arguments());
            String key = call.idempotencyKey() != null ? call.idempotencyKey()
                    : IdempotencyKeys.of(task.log().sessionId(), runId, call.step(), call.callId());
            ToolRunner.Call prepared = ToolCallGate.prepare(toolCall, agentTools, key);
            ToolPolicy policy = agentTools.policy(call.tool());
            boolean ours = startedHere.remove(call.callId());
            List<EventPayload> events = new ArrayList<>();
            if (prepared.refusal() != null) {
                events.addAll(ToolCallGate.refusal(call.callId(), call.tool(), prepared.refusal()));
            } else if (policy.client()) {
                forClient.add(call);
            } else if (call.approval() != null) {
                if (call.approval().status().allows()) {
                    if (ToolCallGate.start(prepared, events)) {
                        toRun.add(prepared);
                    }
                } else {
                    results.add(NewEvent.ofRun(runId, new EventPayload.ToolFailed(call.callId(), call.tool(),
                            ApprovalRequests.refused(call.approval(), policy.approvalTimeout()), 0)));
                }
            } else if (!call.started()) {
                if (prepared.requiresApproval()) {
                    results.add(NewEvent.ofRun(runId, approvals.ask(call, policy, EventPayload.ApprovalRequested.POLICY)));
                } else {
                    if (ToolCallGate.start(prepared, events)) {
                        toRun.add(prepared);
                    }
                }
            } else if (ours || prepared.tool().idempotent()) {
                toRun.add(prepared);
            } else {
                if (!call.outcomeUnknown()) {
                    results.add(NewEvent.ofRun(runId, new EventPayload.ToolOutcomeUnknown(call.callId(), call.tool(), key,
                            "the worker running this call stopped before its result was recorded")));
                }
                results.add(NewEvent.ofRun(runId, policy.askOnUnknownOutcome()
                        ? approvals.ask(call, policy, EventPayload.ApprovalRequested.OUTCOME_UNKNOWN)
                        : new EventPayload.ToolFailed(call.callId(), call.tool(), ApprovalRequests.UNKNOWN_OUTCOME, 0)));
            }
            for (EventPayload event : events) {
                results.add(NewEvent.ofRun(runId, event));
            }
        }
        if (approvals.asked() == 0) {
            for (SessionView.OpenCall call : forClient) {
                results.add(NewEvent.ofRun(runId, new EventPayload.ToolClientRequested(call.callId(), call.tool(), call.arguments())));
            }
        }
        if (!toRun.isEmpty() && !results.isEmpty()) {
            // started, unknown and waiting calls are on disk before anything runs
            task.log().append(results, task.fencingToken());
            results = new ArrayList<>();
        }
        if (!toRun.isEmpty()) {
            AgentSpec spec = task.agent().spec();
            Map<String, String> blocks = task.log().read(view -> view.memoryBlocks(spec.memory().blocks()));
            for (EventPayload payload : tools.run(task, toRun, blocks)) {
                results.add(NewEvent.ofRun(runId, payload));
            }
        }
        if (!results.isEmpty()) {
            task.log().append(results, task.fencingToken());
        }
    }

    private ContextAssembler.Context assemble(SessionView view, RunTask task, String instructions,
                                              List<ToolDefinition> definitions, Route route) {
        RunView run = view.run(task.runId()).orElseThrow();
        AgentSpec spec = task.agent().spec();
        long budget = route.contextTokens() - route.maxOutputTokens();
        return assembler.assemble(instructions, view.memoryBlocks(spec.memory().blocks()),
                view.compaction().map(SessionView.Compaction::summary).orElse(""),
                ContextCompactor.visible(conversation(view.transcript(), run), view.compaction()), definitions, budget,
                entry -> task.log().tokens(entry, assembler::tokens));
    }

    /**
     * The transcript as this run sees it: messages that arrived for later runs are not part of
     * its conversation. Usually there are none, and the transcript is used as it is.
     */
    static List<SessionView.TranscriptEntry> conversation(List<SessionView.TranscriptEntry> transcript, RunView run) {
        int laterStart = transcript.size();
        boolean foreign = false;
        while (laterStart > 0 && transcript.get(laterStart - 1).seq() > run.messageSeq()) {
            laterStart--;
            foreign |= !run.id().equals(transcript.get(laterStart).runId());
        }
        if (!foreign) {
            return transcript;
        }
        List<SessionView.TranscriptEntry> conversation = new ArrayList<>(transcript.subList(0, laterStart));
        for (SessionView.TranscriptEntry entry : transcript.subList(laterStart, transcript.size())) {
            if (run.id().equals(entry.runId())) {
                conversation.add(entry);
            }
        }
        return conversation;
    }

    private RunView end(RunTask task, EventPayload terminal) {
        task.log().append(List.of(NewEvent.ofRun(task.runId(), terminal)), task.fencingToken());
        return currentRun(task);
    }

    private static RunView currentRun(RunTask task) {
        return task.log().read(view -> view.run(task.runId()).orElseThrow());
    }

    /**
     * Queues the extraction of long-term memories from the run's conversation, when the agent asks
     * for any: the job is stored with the run's completion, so no completed run misses it.
     */
    private static void queueExtraction(RunTask task, String runId, List<NewEvent> batch) {
        var longTerm = task.agent().spec().memory().longTerm();
        if (longTerm != null && !longTerm.extract().isEmpty()) {
            batch.add(NewEvent.ofRun(runId, new EventPayload.MemoryExtractionQueued("extract_" + runId,
                    longTerm.extract().stream().map(dev.cairn.core.agent.LongTermSpec.Extract::wireName).toList())));
        }
    }
}
