package dev.cairn.core.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.Sleeper;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.Router;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.tool.ToolCatalog;
import dev.cairn.core.tool.ToolCatalog.AgentTools;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The agent loop: model step, then the tool calls it asked for (concurrently), then the next model
 * step, until a final answer, a limit, a failure or a cancellation. Every step is committed to the
 * session's log before the next begins, and everything the loop decides from is in that log, so a
 * run's state can always be rebuilt from its events.
 *
 * <p>Thread-safe: one executor runs many runs at once, each on its own (virtual) thread.
 */
public final class RunExecutor {

    private final Router router;
    private final ToolCatalog catalog;
    private final ContextAssembler assembler;
    private final ModelCaller models;
    private final ToolRunner tools;
    private final Clock clock;

    private RunExecutor(Router router, ToolCatalog catalog, TokenCounter counter, RetryPolicy retry, Sleeper sleeper,
                        RandomGenerator random, Clock clock) {
        this.router = router;
        this.catalog = catalog;
        this.assembler = new ContextAssembler(counter);
        this.models = new ModelCaller(router, retry, sleeper, random, clock);
        this.tools = new ToolRunner(clock);
        this.clock = clock;
    }

    public static RunExecutor create(Router router, ToolCatalog catalog, TokenCounter counter, RetryPolicy retry,
                                     Sleeper sleeper, RandomGenerator random, Clock clock) {
        return new RunExecutor(router, catalog, counter, retry, sleeper, random, clock);
    }

    /**
     * Executes a queued run to its end and answers its final state. A run that is no longer
     * queued (cancelled meanwhile) is left as it is.
     */
    public RunView execute(RunTask task, RunObserver observer) throws InterruptedException {
        String runId = task.runId();
        AgentSpec spec = task.agent().spec();
        var started = task.log().update(view -> view.run(runId)
                .filter(run -> run.state() == RunState.QUEUED)
                .map(run -> List.of(NewEvent.ofRun(runId,
                        new EventPayload.RunStarted(spec.name(), task.agent().version(), spec.route()))))
                .orElse(List.of()));
        if (started.isEmpty()) {
            return currentRun(task);
        }
        Route route = router.route(spec.route());
        AgentTools agentTools = catalog.resolve(spec);
        Instant deadline = clock.instant().plus(spec.limits().runTimeoutDuration());
        for (int step = 1; step <= spec.limits().maxSteps(); step++) {
            if (task.cancel().cancelled()) {
                return end(task, new EventPayload.RunCancelled(task.cancel().reason()));
            }
            if (clock.instant().isAfter(deadline)) {
                return end(task, new EventPayload.RunFailed("run_timeout",
                        "the run took longer than limits.run_timeout (" + spec.limits().runTimeout() + ")"));
            }
            if (!modelStep(task, route, agentTools, step, observer)) {
                return currentRun(task);
            }
            RunView run = currentRun(task);
            long limit = spec.limits().maxTokensPerRun();
            if (limit > 0 && run.usage().totalTokens() > limit && !run.state().terminal()) {
                return end(task, new EventPayload.RunFailed("max_tokens",
                        "the run used " + run.usage().totalTokens() + " tokens, over limits.max_tokens_per_run (" + limit + ")"));
            }
        }
        return end(task, new EventPayload.RunFailed("max_steps", "the run made " + spec.limits().maxSteps()
                + " model calls without a final answer (limits.max_steps)"));
    }

    /** One model call and the tool calls it asks for. Answers false when the run ended. */
    private boolean modelStep(RunTask task, Route route, AgentTools agentTools, int step, RunObserver observer)
            throws InterruptedException {
        String runId = task.runId();
        AgentSpec spec = task.agent().spec();
        List<ToolDefinition> definitions = agentTools.definitions();
        ContextAssembler.Context context = task.log().read(view -> assemble(view, task, definitions, route));
        StreamListener listener = delta -> observer.onTextDelta(task.log().sessionId(), runId, delta);
        ModelCaller.Outcome outcome = models.call(route, step, context.messages(), definitions, listener);
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
            task.log().append(batch);
            return false;
        }
        ChatResponse response = outcome.response();
        Message.Assistant answer = response.message();
        batch.add(NewEvent.ofRun(runId, new EventPayload.ModelResponded(step, outcome.target().provider(),
                response.model().isEmpty() ? model : response.model(), answer.text(), answer.toolCalls(), response.usage(),
                response.finishReason(), outcome.latencyMillis())));
        if (answer.toolCalls().isEmpty()) {
            RunView run = task.log().read(view -> view.run(runId).orElseThrow());
            batch.add(NewEvent.ofRun(runId, new EventPayload.RunCompleted(answer.text(), run.steps() + 1,
                    run.usage().plus(response.usage()))));
            task.log().append(batch);
            return false;
        }
        List<ToolRunner.Call> calls = new ArrayList<>();
        for (ToolCall call : answer.toolCalls()) {
            batch.add(NewEvent.ofRun(runId, new EventPayload.ToolRequested(step, call.id(), call.name(), call.arguments())));
            ToolRunner.Call prepared = prepare(task, step, call, agentTools);
            if (prepared.refusal() != null) {
                batch.add(NewEvent.ofRun(runId, new EventPayload.ToolFailed(call.id(), call.name(), prepared.refusal(), 0)));
            } else {
                batch.add(NewEvent.ofRun(runId, new EventPayload.ToolStarted(call.id(), call.name(), prepared.idempotencyKey())));
                calls.add(prepared);
            }
        }
        task.log().append(batch);
        if (!calls.isEmpty()) {
            Map<String, String> blocks = task.log().read(view -> view.memoryBlocks(spec.memory().blocks()));
            List<NewEvent> results = new ArrayList<>();
            for (EventPayload payload : tools.run(task, calls, blocks)) {
                results.add(NewEvent.ofRun(runId, payload));
            }
            task.log().append(results);
        }
        return true;
    }

    private ContextAssembler.Context assemble(SessionView view, RunTask task, List<ToolDefinition> definitions, Route route) {
        RunView run = view.run(task.runId()).orElseThrow();
        AgentSpec spec = task.agent().spec();
        long budget = route.contextTokens() - route.maxOutputTokens();
        return assembler.assemble(spec.instructions(), view.memoryBlocks(spec.memory().blocks()),
                conversation(view.transcript(), run), definitions, budget, entry -> task.log().tokens(entry, assembler::tokens));
    }

    /**
     * The transcript as this run sees it: messages that arrived for later runs are not part of
     * its conversation. Usually there are none, and the transcript is used as it is.
     */
    private static List<SessionView.TranscriptEntry> conversation(List<SessionView.TranscriptEntry> transcript, RunView run) {
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

    private static ToolRunner.Call prepare(RunTask task, int step, ToolCall call, AgentTools agentTools) {
        var tool = agentTools.find(call.name());
        if (tool.isEmpty()) {
            return ToolRunner.Call.refused(call, "tool '" + call.name() + "' does not exist; available tools: "
                    + String.join(", ", agentTools.byName().keySet()));
        }
        JsonNode arguments;
        try {
            arguments = Json.parse(call.arguments());
        } catch (JsonProcessingException e) {
            return ToolRunner.Call.refused(call, "arguments are not valid JSON: " + e.getOriginalMessage());
        }
        if (arguments == null || !arguments.isObject()) {
            return ToolRunner.Call.refused(call, "arguments must be a JSON object");
        }
        String key = IdempotencyKeys.of(task.log().sessionId(), task.runId(), step, call.id());
        return new ToolRunner.Call(call, tool.get(), arguments, key, null);
    }

    private RunView end(RunTask task, EventPayload terminal) {
        task.log().append(List.of(NewEvent.ofRun(task.runId(), terminal)));
        return currentRun(task);
    }

    private static RunView currentRun(RunTask task) {
        return task.log().read(view -> view.run(task.runId()).orElseThrow());
    }
}
