package dev.cairn.core.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolCatalog.AgentTools;
import dev.cairn.core.tool.policy.PolicyDecision;
import dev.cairn.core.tool.policy.Refusal;
import dev.cairn.core.tool.policy.ToolGuard;
import dev.cairn.core.tool.policy.ToolLimits;
import java.util.List;
import java.util.Optional;

/**
 * What the loop checks before a tool call runs, whatever the model asked: that the tool exists
 * and is not denied, that the arguments are a JSON object matching its input schema, what policy
 * decides (run, ask a person, refuse), and, when the call is about to start, its rate limit. A
 * refused call is recorded ({@code tool.refused}, then {@code tool.failed} telling the model why)
 * and never runs. Stateless; thread-safe.
 */
final class ToolCallGate {

    private ToolCallGate() {
    }

    /** The call ready to start (or to ask a person about), or refused. */
    static ToolRunner.Call prepare(ToolCall call, AgentTools agentTools, String key) {
        Optional<Tool> tool = agentTools.find(call.name());
        Optional<ToolGuard> guard = agentTools.guard(call.name());
        JsonNode arguments;
        try {
            arguments = Json.parse(call.arguments());
        } catch (JsonProcessingException e) {
            return refused(call, tool, Refusal.INVALID_ARGUMENTS, "arguments are not valid JSON: " + e.getOriginalMessage());
        }
        if (arguments == null || !arguments.isObject()) {
            return refused(call, tool, Refusal.INVALID_ARGUMENTS, "arguments must be a JSON object");
        }
        if (tool.isEmpty() && guard.isPresent()) {
            PolicyDecision denied = guard.get().decide(arguments);
            return ToolRunner.Call.refused(call, new Refusal(Refusal.DENIED, denied.rule(), denied.reason()));
        }
        if (tool.isEmpty()) {
            return refused(call, tool, Refusal.UNKNOWN_TOOL, "tool '" + call.name() + "' does not exist; available tools: "
                    + String.join(", ", agentTools.byName().keySet()));
        }
        ToolGuard checks = guard.orElseGet(() -> unguarded(tool.get()));
        ToolGuard.Verdict verdict = checks.check(arguments);
        if (verdict.refusal() != null) {
            return ToolRunner.Call.refused(call, verdict.refusal());
        }
        return new ToolRunner.Call(call, tool.get(), arguments, key, null, checks, verdict.requiresApproval());
    }

    private static ToolRunner.Call refused(ToolCall call, Optional<Tool> tool, String reason, String message) {
        return ToolRunner.Call.refused(call, new Refusal(tool.isEmpty() && !reason.equals(Refusal.INVALID_ARGUMENTS)
                ? Refusal.UNKNOWN_TOOL : reason, null, message));
    }

    /** A guard with no rules, schema checks or limits beyond the defaults, for tools resolved without one. */
    private static ToolGuard unguarded(Tool tool) {
        return dev.cairn.core.tool.policy.ToolPolicies.NONE.guard(null, null, -1, null, tool);
    }

    /** The events recording a refused call: {@code tool.refused}, then the {@code tool.failed} the model reads. */
    static List<EventPayload> refusal(String callId, String tool, Refusal refusal) {
        return List.of(new EventPayload.ToolRefused(callId, tool, refusal.reason(), refusal.rule(), refusal.message()),
                new EventPayload.ToolFailed(callId, tool, refusal.message(), 0));
    }

    /**
     * The events that start a prepared call: {@code tool.started}, or, when the call is over its
     * tool's rate limit, the refusal.
     *
     * @return whether the call started
     */
    static boolean start(ToolRunner.Call prepared, List<EventPayload> events) {
        Optional<Refusal> limited = prepared.guard() == null ? Optional.empty() : prepared.guard().acquire();
        ToolCall call = prepared.call();
        if (limited.isPresent()) {
            events.addAll(refusal(call.id(), call.name(), limited.get()));
            return false;
        }
        events.add(new EventPayload.ToolStarted(call.id(), call.name(), prepared.idempotencyKey()));
        return true;
    }

    /** The limits a call runs under. */
    static ToolLimits limits(ToolRunner.Call prepared) {
        return prepared.guard() == null ? ToolLimits.DEFAULT : prepared.guard().limits();
    }
}
