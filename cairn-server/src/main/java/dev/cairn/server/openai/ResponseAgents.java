package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.runtime.AgentRuntime;
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
 * instructions and tools are the agent's; a request may repeat them, not change them), or else a
 * route: then an implicit agent on that route with the request's instructions and function tools
 * as client tools, named {@code oai-ROUTE-HASH} after what it holds, so the same request shape
 * always finds the same agent version. A request continuing a conversation or a response asks
 * for an agent of its own the same way; the session moves to it when it differs.
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

    /** The agent for a new session: a named agent's latest version, or the implicit agent of a route (applied when new). */
    AgentVersion resolve(String tenantId, String model, String instructions, List<FunctionTool> tools) {
        Optional<AgentVersion> named = runtime.store().agents().latest(tenantId, model);
        if (named.isPresent()) {
            requireAgentsOwn(named.get().spec(), instructions, tools);
            return named.get();
        }
        ObjectNode spec = implicitSpec(route(model), instructions, tools == null ? List.of() : tools);
        return runtime.applyAgent(tenantId, Json.write(spec), true);
    }

    /**
     * The agent version a request continuing from {@code current} (the version a conversation or
     * the previous response is on) asks for: {@code current} itself when the request asks for
     * what it holds; else the named agent's latest version, or the implicit agent of the route
     * with the request's instructions and tools, where those left out are {@code current}'s.
     */
    AgentVersion continuing(String tenantId, AgentVersion current, String model, String instructions,
                            List<FunctionTool> tools) {
        if (model.equals(current.name())) {
            requireAgentsOwn(current.spec(), instructions, tools);
            return current;
        }
        Optional<AgentVersion> named = runtime.store().agents().latest(tenantId, model);
        if (named.isPresent()) {
            requireAgentsOwn(named.get().spec(), instructions, tools);
            return named.get();
        }
        boolean keeps = implicit(current.spec());
        ObjectNode spec = implicitSpec(route(model),
                instructions != null ? instructions : keeps ? current.spec().instructions() : null,
                tools != null ? tools : keeps ? tools(current.spec()) : List.of());
        if (spec.get("name").asText().equals(current.name())) {
            return current;
        }
        return runtime.applyAgent(tenantId, Json.write(spec), true);
    }

    /**
     * Checks that a request answering function calls asks for the agent version {@code run}
     * calls them under: the outputs continue that run, which keeps its version.
     */
    void requireRunsOwn(String tenantId, AgentVersion run, String model, String instructions, List<FunctionTool> tools,
                        String what) {
        if (model.equals(run.name())) {
            requireAgentsOwn(run.spec(), instructions, tools);
            return;
        }
        if (!implicit(run.spec()) || !model.equals(run.spec().route())) {
            throw OpenAiError.invalid("'model' is '" + model + "', but " + what + " is answered by model '"
                    + model(run.spec()) + "'; function outputs continue the response that called them", "model");
        }
        String asked = implicitSpec(model, instructions != null ? instructions : run.spec().instructions(),
                tools != null ? tools : tools(run.spec())).get("name").asText();
        if (!asked.equals(run.name())) {
            throw OpenAiError.invalid("the instructions or tools differ from those of " + what + ", whose function "
                    + "calls these outputs answer: send them as they were, and change them with the next message",
                    instructions != null && !instructions.equals(run.spec().instructions()) ? "instructions" : "tools");
        }
    }

    private String route(String model) {
        if (!routeNames.get().contains(model)) {
            throw new OpenAiError(404, OpenAiError.INVALID_REQUEST, "The model '" + model + "' does not exist: it is "
                    + "neither an agent of this tenant nor a route of this server", "model", "model_not_found");
        }
        return model;
    }

    /** The model a conversation made without one starts on: route {@code default}, else the first route. */
    String placeholderModel() {
        Set<String> routes = routeNames.get();
        return routes.contains(ConversationEndpoints.DEFAULT_MODEL) || routes.isEmpty() ? ConversationEndpoints.DEFAULT_MODEL
                : new java.util.TreeSet<>(routes).first();
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
