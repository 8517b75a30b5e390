package dev.cairn.core.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import dev.cairn.core.tool.policy.Refusal;
import dev.cairn.core.tool.policy.ToolGuard;
import dev.cairn.core.tool.policy.ToolLimits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the tool calls of one model step, concurrently when there are several, and turns each
 * outcome into events in call order. A tool that throws, or runs past its timeout, is recorded as
 * a failed call; an output over the tool's {@code max_output} is cut off with a marker.
 */
final class ToolRunner {

    private final Clock clock;
    private final ModelGateway gateway;

    ToolRunner(Clock clock, ModelGateway gateway) {
        this.clock = clock;
        this.gateway = gateway;
    }

    /**
     * A call ready to run, or refused before running ({@code refusal} set).
     *
     * @param guard            the tool's policy and limits (null for a refused call)
     * @param requiresApproval policy says a person decides the call before it runs
     */
    record Call(ToolCall call, Tool tool, JsonNode arguments, String idempotencyKey, Refusal refusal, ToolGuard guard,
                boolean requiresApproval) {
        static Call refused(ToolCall call, Refusal why) {
            return new Call(call, null, null, null, why, null, false);
        }
    }

    List<EventPayload> run(RunTask task, List<Call> calls, Map<String, String> memoryBlocks) throws InterruptedException {
        List<EventPayload> events = new ArrayList<>();
        if (calls.size() == 1) {
            events.addAll(runOne(task, calls.getFirst(), memoryBlocks));
            return events;
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<EventPayload>>> futures = new ArrayList<>();
            for (Call call : calls) {
                futures.add(executor.submit(() -> runOne(task, call, memoryBlocks)));
            }
            for (Future<List<EventPayload>> future : futures) {
                try {
                    events.addAll(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("tool runner failed", e.getCause());
                }
            }
        }
        return events;
    }

    private List<EventPayload> runOne(RunTask task, Call call, Map<String, String> memoryBlocks) throws InterruptedException {
        ToolCall toolCall = call.call();
        ToolInvocation invocation = task.log().read(view -> new ToolInvocation(task.tenantId(), task.log().sessionId(),
                task.runId(), toolCall.id(), call.idempotencyKey(), call.arguments(), memoryBlocks,
                task.agent().spec().memory().blockLimits(), task.agent().name(), view.userId(),
                requestedSeq(view, task.runId(), toolCall.id())));
        long started = clock.millis();
        ToolLimits limits = ToolCallGate.limits(call);
        ToolOutcome outcome = OutputCap.apply(TimedCall.run(call.tool(), invocation, limits.timeout()),
                limits.maxOutputBytes());
        long latency = clock.millis() - started;
        if (call.tool().reachesOutside()) {
            // after the call and outside any lock: the ledger's write waits for its own commit
            int step = task.log().read(view -> step(view, task.runId(), toolCall.id()));
            gateway.recordToolCall(ModelCaller.subject(task, step, ChatRequest.Purpose.ANSWER), toolCall.name(),
                    outcome instanceof ToolOutcome.Success ? "ok" : "failed", latency);
        }
        List<EventPayload> events = new ArrayList<>();
        events.add(switch (outcome) {
            case ToolOutcome.Success success -> new EventPayload.ToolCompleted(toolCall.id(), toolCall.name(), success.output(), latency);
            case ToolOutcome.Failure failure -> new EventPayload.ToolFailed(toolCall.id(), toolCall.name(), failure.error(), latency);
        });
        events.addAll(outcome.effects());
        return events;
    }

    /** The step of the model call that asked for the call; 0 when it is no longer open. */
    private static int step(SessionView view, String runId, String callId) {
        return view.openCalls(runId).stream().filter(open -> open.callId().equals(callId)).findFirst()
                .map(SessionView.OpenCall::step).orElse(0);
    }

    /** The sequence number of the call's {@code tool.requested} event; 0 when it is no longer open. */
    private static long requestedSeq(SessionView view, String runId, String callId) {
        return view.openCalls(runId).stream().filter(open -> open.callId().equals(callId)).findFirst()
                .map(SessionView.OpenCall::requestedSeq).orElse(0L);
    }
}
