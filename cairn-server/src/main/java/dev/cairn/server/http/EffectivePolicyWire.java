package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.policy.PolicyRule;
import dev.cairn.core.tool.policy.ToolGuard;
import dev.cairn.core.tool.policy.ToolLimits;

/**
 * The JSON form of a tool's effective policy in {@code GET /v1/agents/{name}/tools}:
 * {@code {rules: [{name, effect, when, tool, tenant, agent}], timeout_ms, rate_limit, max_output_bytes}}.
 * Stateless; thread-safe.
 */
final class EffectivePolicyWire {

    private EffectivePolicyWire() {
    }

    static ObjectNode of(ToolGuard guard) {
        ObjectNode node = Json.object();
        ArrayNode rules = node.putArray("rules");
        for (PolicyRule rule : guard.rules()) {
            ObjectNode wire = rules.addObject();
            wire.put("name", rule.name());
            wire.put("effect", rule.effect().wireName());
            wire.put("when", rule.when());
            wire.put("tool", rule.tool());
            wire.put("tenant", rule.tenant());
            wire.put("agent", rule.agent());
        }
        node.put("default_effect", "allow");
        ToolLimits limits = guard.limits();
        node.put("timeout_ms", limits.timeout().toMillis());
        if (limits.rateLimit() == null) {
            node.putNull("rate_limit");
        } else {
            ObjectNode rate = node.putObject("rate_limit");
            rate.put("calls", limits.rateLimit().calls());
            rate.put("window_ms", limits.rateLimit().window().toMillis());
            rate.put("per", "tenant, agent and tool");
        }
        node.put("max_output_bytes", limits.maxOutputBytes());
        return node;
    }
}
