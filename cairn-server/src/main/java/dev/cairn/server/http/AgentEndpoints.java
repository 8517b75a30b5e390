package dev.cairn.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.store.Role;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolCatalog;
import dev.cairn.core.tool.policy.ToolGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v1/agents}: apply definitions (JSON or YAML), read them, their versions and their tools.
 * Any key may read agents; applying one needs an operator.
 */
final class AgentEndpoints {

    private static final List<String> DEFINITION_TYPES;

    static {
        List<String> types = new ArrayList<>();
        types.add(RequestBody.JSON);
        types.addAll(RequestBody.YAML);
        DEFINITION_TYPES = List.copyOf(types);
    }

    private final AgentRuntime runtime;
    private final ToolCatalog catalog;

    AgentEndpoints(AgentRuntime runtime, ToolCatalog catalog) {
        this.runtime = runtime;
        this.catalog = catalog;
    }

    void register(ApiRouter router) {
        router.post("/v1/agents", Role.OPERATOR, this::apply)
                .get("/v1/agents", Role.USER, this::list)
                .get("/v1/agents/{name}", Role.USER, call -> call.reply(200, Wire.agent(latest(call))))
                .get("/v1/agents/{name}/versions", Role.USER, this::versions)
                .get("/v1/agents/{name}/tools", Role.USER, this::tools);
    }

    private void apply(Call call) {
        RequestBody body = call.body().requireMediaType(DEFINITION_TYPES);
        if (body.isEmpty()) {
            throw HttpProblem.badRequest("the request body must be an agent definition (JSON or YAML)");
        }
        JsonNode tree = RequestBody.parse(body.text(), body.isYaml());
        if (tree == null || !tree.isObject()) {
            throw HttpProblem.badRequest("an agent definition must be an object with at least a 'name', got "
                    + (tree == null ? "an empty document" : JsonFields.typeName(tree)));
        }
        AgentSpec spec = runtime.specs().read(tree);
        Optional<AgentVersion> before = runtime.store().agents().latest(call.tenantId(), spec.name());
        AgentVersion stored = runtime.applyAgent(call.tenantId(), spec);
        boolean unchanged = before.isPresent() && before.get().version() == stored.version();
        call.reply(unchanged ? 200 : 201, Wire.agent(stored));
    }

    private void list(Call call) {
        ObjectNode answer = Json.object();
        ArrayNode agents = answer.putArray("agents");
        runtime.store().agents().list(call.tenantId()).forEach(agent -> agents.add(Wire.agentSummary(agent)));
        call.reply(200, answer);
    }

    private AgentVersion latest(Call call) {
        return runtime.agent(call.tenantId(), call.path("name"));
    }

    private void versions(Call call) {
        String name = call.path("name");
        List<AgentVersion> versions = runtime.store().agents().versions(call.tenantId(), name);
        if (versions.isEmpty()) {
            throw new NotFoundException("agent", name);
        }
        ObjectNode answer = Json.object();
        answer.put("name", name);
        ArrayNode list = answer.putArray("versions");
        versions.forEach(version -> list.add(Wire.agent(version)));
        call.reply(200, answer);
    }

    /**
     * The agent's tools as the model sees them, with the policy each runs under and, for the
     * tools this server offers, the {@code effective_policy}: every rule that covers it (its
     * entry's and the server's) with its condition, its timeout, rate limit and output cap;
     * {@code available} is false for a denied tool and for one this server does not offer.
     */
    private void tools(Call call) {
        AgentVersion agent = latest(call);
        ObjectNode answer = Json.object();
        answer.put("agent", agent.name());
        answer.put("version", agent.version());
        ArrayNode tools = answer.putArray("tools");
        List<ToolEntry> entries = agent.spec().tools();
        for (int index = 0; index < entries.size(); index++) {
            ToolEntry entry = entries.get(index);
            Optional<List<Tool>> resolved = catalog.tools(call.tenantId(), agent.spec(), entry);
            if (resolved.isEmpty()) {
                tools.add(unavailable(entry));
                continue;
            }
            for (Tool tool : resolved.get()) {
                ToolGuard guard = catalog.toolPolicies().guard(call.tenantId(), agent.name(), index, entry, tool);
                ObjectNode node = tool(entry, tool);
                node.put("available", node.path("available").asBoolean() && !guard.deniedOutright());
                node.set("effective_policy", EffectivePolicyWire.of(guard));
                tools.add(node);
            }
        }
        call.reply(200, answer);
    }

    private static ObjectNode tool(ToolEntry entry, Tool tool) {
        ObjectNode node = Json.object();
        node.put("name", tool.definition().name());
        node.put("description", tool.definition().description());
        node.set("input_schema", tool.definition().inputSchema());
        node.put("idempotent", tool.idempotent());
        describeEntry(node, entry);
        node.put("available", !"deny".equals(entry.policyOrDefault()));
        return node;
    }

    /** An entry this server does not offer (a built-in or kind it lacks), as written. */
    private static ObjectNode unavailable(ToolEntry entry) {
        ObjectNode node = Json.object();
        node.put("name", entry.name() != null ? entry.name() : entry.builtin());
        node.put("description", entry.description());
        node.set("input_schema", entry.inputSchema());
        node.put("idempotent", Boolean.TRUE.equals(entry.idempotent()));
        describeEntry(node, entry);
        node.put("available", false);
        return node;
    }

    private static void describeEntry(ObjectNode node, ToolEntry entry) {
        node.put("policy", entry.policyOrDefault());
        node.put("builtin", entry.builtin());
        node.put("kind", entry.kind());
        node.put("client", entry.executedByClient());
        node.put("on_unknown_outcome", entry.asksOnUnknownOutcome() ? "ask" : "tell_model");
    }
}
