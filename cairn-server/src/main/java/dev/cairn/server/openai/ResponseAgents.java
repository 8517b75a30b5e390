package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.store.SessionRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which Cairn agent answers a response. {@code model} names an agent of the tenant (its
 * instructions and tools are the agent's; a request may repeat them, not change them), or else a route: then an implicit agent on that route
 * with the request's instructions and function tools as client tools, named {@code oai-ROUTE-HASH}
 * after what it holds, so the same request shape always finds the same agent version.
 */
final class ResponseAgents {

    static final String IMPLICIT_PREFIX = "oai-";
    private static final String IMPLICIT_DESCRIPTION = "OpenAI-compatible API, route ";

    private final AgentRuntime runtime;
    private final Supplier<Set<String>> routeNames;

    ResponseAgents(AgentRuntime runtime, Supplier<Set<String>> routeNames) {
        this.runtime = runtime;
        this.routeNames = routeNames;
    }

    /** The agent for a new session: a named agent, or the implicit agent of a route (applied when new). */
    String resolve(String tenantId, String model, String instructions, List<FunctionTool> tools) {
        Optional<AgentVersion> named = runtime.store().agents().latest(tenantId, model);
        if (named.isPresent()) {
            requireAgentsOwn(named.get().spec(), instructions, tools);
            return model;
        }
        if (!routeNames.get().contains(model)) {
            throw new OpenAiError(404, OpenAiError.INVALID_REQUEST, "The model '" + model + "' does not exist: it is "
                    + "neither an agent of this tenant nor a route of this server", "model", "model_not_found");
        }
        ObjectNode spec = implicitSpec(model, instructions, tools == null ? List.of() : tools);
        runtime.applyAgent(tenantId, Json.write(spec), true);
        return spec.get("name").asText();
    }

    /**
     * Checks that a request continuing {@code session} asks for the agent that session has: the
     * same named agent, or the same route with the same instructions and tools (or none given).
     */
    void requireSame(String tenantId, SessionRecord session, String model, String instructions, List<FunctionTool> tools,
                     String what) {
        AgentSpec spec = spec(tenantId, session);
        if (!implicit(spec)) {
            if (!model.equals(session.agent())) {
                throw OpenAiError.invalid("'model' is '" + model + "', but " + what + " is answered by agent '"
                        + session.agent() + "'", "model");
            }
            requireAgentsOwn(spec, instructions, tools);
            return;
        }
        if (!model.equals(spec.route())) {
            throw OpenAiError.invalid("'model' is '" + model + "', but " + what + " is answered by model '"
                    + spec.route() + "'", "model");
        }
        if (instructions == null && tools == null) {
            return;
        }
        String instead = implicitSpec(model, instructions != null ? instructions : spec.instructions(),
                tools != null ? tools : tools(spec)).get("name").asText();
        if (!instead.equals(session.agent())) {
            throw OpenAiError.invalid("the instructions or tools differ from the ones " + what + " started with; Cairn "
                    + "keeps one agent version for a conversation's life: start a new one to change them",
                    instructions != null ? "instructions" : "tools");
        }
    }

    /** A request naming a Cairn agent may repeat the agent's instructions and client tools, not change them. */
    private static void requireAgentsOwn(AgentSpec spec, String instructions, List<FunctionTool> tools) {
        if (instructions != null && !instructions.equals(spec.instructions())) {
            throw OpenAiError.invalid("'instructions' differ from those of Cairn agent '" + spec.name() + "', which "
                    + "has its own: leave them out", "instructions");
        }
        if (tools != null && !toolNames(tools).equals(toolNames(tools(spec)))) {
            throw OpenAiError.invalid("'tools' differ from the client tools Cairn agent '" + spec.name() + "' declares "
                    + toolNames(tools(spec)) + ": leave them out or give the same", "tools");
        }
    }

    private static java.util.SortedSet<String> toolNames(List<FunctionTool> tools) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        tools.forEach(tool -> names.add(tool.name()));
        return names;
    }

    AgentSpec spec(String tenantId, SessionRecord session) {
        return runtime.store().agents().version(tenantId, session.agent(), session.agentVersion())
                .map(AgentVersion::spec)
                .orElseThrow(() -> new IllegalStateException("agent " + session.agent() + " of session " + session.id()
                        + " is missing"));
    }

    static boolean implicit(AgentSpec spec) {
        return spec.name().startsWith(IMPLICIT_PREFIX) && spec.description().startsWith(IMPLICIT_DESCRIPTION);
    }

    /** What a response shows as its model: the route of an implicit agent, else the agent's name. */
    static String model(AgentSpec spec) {
        return implicit(spec) ? spec.route() : spec.name();
    }

    /** The function tools a response shows: the agent's client tools. */
    static List<FunctionTool> tools(AgentSpec spec) {
        List<FunctionTool> tools = new ArrayList<>();
        for (ToolEntry entry : spec.tools()) {
            if (entry.executedByClient()) {
                tools.add(FunctionTool.of(Json.mapper().valueToTree(entry.name()),
                        entry.description() == null ? null : Json.mapper().valueToTree(entry.description()),
                        entry.inputSchema(), "tools"));
            }
        }
        return tools;
    }

    private static ObjectNode implicitSpec(String route, String instructions, List<FunctionTool> tools) {
        ArrayNode entries = Json.mapper().createArrayNode();
        tools.forEach(tool -> entries.add(tool.asClientTool()));
        String text = instructions == null ? "" : instructions;
        String hash = digest(route + "\n" + text + "\n" + Json.write(entries));
        String routePart = route.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        routePart = routePart.substring(0, Math.min(routePart.length(), 40));
        ObjectNode spec = Json.object();
        spec.put("name", IMPLICIT_PREFIX + routePart + "-" + hash);
        spec.put("description", IMPLICIT_DESCRIPTION + route);
        spec.put("route", route);
        spec.put("instructions", text);
        spec.set("tools", entries);
        return spec;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
