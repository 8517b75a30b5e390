package dev.cairn.core.runtime;

import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.session.SessionView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the outputs a caller posts for a run's client tool calls into the events that record them. */
final class ClientCalls {

    private ClientCalls() {
    }

    /**
     * Checks that there are outputs, each for another call.
     *
     * @throws InvalidRequestException when there are none, or naming a call id listed twice
     */
    static void requireDistinct(List<ToolOutput> outputs) {
        if (outputs == null || outputs.isEmpty()) {
            throw new InvalidRequestException("'outputs' must list at least one {call_id, output}");
        }
        Set<String> seen = new HashSet<>();
        for (ToolOutput output : outputs) {
            if (!seen.add(output.callId())) {
                throw new InvalidRequestException("call_id '" + output.callId() + "' is listed twice");
            }
        }
    }

    /**
     * The results of the posted calls and, once no client call of the run waits any more,
     * {@code run.resumed_by_client}. Checks everything before answering anything, so a bad output
     * stores nothing.
     *
     * @throws ConflictException       when the run is not waiting for client tool outputs
     * @throws InvalidRequestException naming a call id the run does not wait for
     */
    static List<NewEvent> answer(SessionView view, String runId, List<ToolOutput> outputs, Instant now) {
        RunView run = view.run(runId).orElseThrow(() -> new NotFoundException("run", runId));
        if (run.state() != RunState.AWAITING_CLIENT_TOOL) {
            throw new ConflictException("run '" + runId + "' is not waiting for client tool outputs; it is "
                    + run.state().wireName());
        }
        Map<String, SessionView.OpenCall> waiting = new LinkedHashMap<>();
        view.openCalls(runId).stream().filter(SessionView.OpenCall::sentToClient).forEach(call -> waiting.put(call.callId(), call));
        for (ToolOutput output : outputs) {
            if (!waiting.containsKey(output.callId())) {
                throw new InvalidRequestException("call_id '" + output.callId() + "' is not a client tool call run '" + runId
                        + "' waits for (it waits for: " + String.join(", ", waiting.keySet()) + ")");
            }
        }
        List<NewEvent> events = new ArrayList<>();
        for (ToolOutput output : outputs) {
            SessionView.OpenCall call = waiting.get(output.callId());
            long latency = Math.max(0, Duration.between(call.requestedAt(), now).toMillis());
            events.add(NewEvent.ofRun(runId, output.error()
                    ? new EventPayload.ToolFailed(call.callId(), call.tool(), output.output(), latency)
                    : new EventPayload.ToolCompleted(call.callId(), call.tool(), output.output(), latency)));
        }
        if (outputs.size() == waiting.size()) {
            events.add(NewEvent.ofRun(runId, new EventPayload.RunResumedByClient(List.copyOf(waiting.keySet()))));
        }
        return events;
    }
}
