package dev.cairn.core.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.ValidationException;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.policy.PolicySpecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads agent definitions from YAML or JSON and checks them against what this server knows
 * (routes, built-in tools), reporting every problem at once.
 *
 * <p>Thread-safe and stateless apart from what it is created with.
 */
public final class AgentSpecs {

    private static final Pattern AGENT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Set<String> TOP_LEVEL = Set.of("name", "description", "route", "instructions", "memory",
            "tools", "limits", "on_busy", "retention");
    private static final Set<String> TOOL_FIELDS = Set.of("builtin", "name", "description", "policy", "idempotent",
            "input_schema", "client", "approval_timeout", "on_unknown_outcome", "rules", "timeout", "rate_limit", "max_output");
    private static final Duration MAX_APPROVAL_TIMEOUT = Duration.ofDays(90);

    private final Set<String> routes;
    private final ToolDeclarations tools;
    private final SchemaChecker schemaChecker;

    private AgentSpecs(Set<String> routes, ToolDeclarations tools, SchemaChecker schemaChecker) {
        this.routes = Set.copyOf(routes);
        this.tools = tools;
        this.schemaChecker = schemaChecker;
    }

    /**
     * @param routes        route names agents may use
     * @param tools         the built-in tools and declared tool kinds this server offers
     * @param schemaChecker checks tool input schemas; answers problems, empty when valid
     */
    public static AgentSpecs create(Set<String> routes, ToolDeclarations tools, SchemaChecker schemaChecker) {
        return new AgentSpecs(routes, tools, schemaChecker);
    }

    /** Validation against built-in tools only, with no declared kinds. */
    public static AgentSpecs create(Set<String> routes, Set<String> builtinTools, SchemaChecker schemaChecker) {
        Set<String> builtins = Set.copyOf(builtinTools);
        return new AgentSpecs(routes, new ToolDeclarations() {
            @Override
            public Set<String> builtins() {
                return builtins;
            }

            @Override
            public java.util.Optional<List<String>> problems(String kind, ToolEntry entry) {
                return java.util.Optional.empty();
            }
        }, schemaChecker);
    }

    /** Checks a JSON Schema, answering each problem found (none when it is valid). */
    @FunctionalInterface
    public interface SchemaChecker {
        List<String> problems(JsonNode schema);
    }

    /**
     * Parses a definition written as YAML (JSON is YAML too) or, when {@code json} is true, strict JSON.
     *
     * @throws InvalidRequestException when the text does not parse
     * @throws ValidationException     listing every problem of a definition that parses
     */
    public AgentSpec parse(String text, boolean json) {
        ObjectMapper mapper = json ? Json.mapper() : Json.yaml();
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("agent definition is not valid " + (json ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidRequestException("agent definition must be an object with at least a 'name'");
        }
        return read(tree);
    }

    /** Reads and checks a parsed definition. */
    public AgentSpec read(JsonNode tree) {
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!TOP_LEVEL.contains(field)) {
                problems.add("'" + field + "' is not a known field (known: " + String.join(", ", sorted(TOP_LEVEL)) + ")");
            }
        }
        String name = text(tree, "name", problems);
        if (name == null) {
            problems.add("name is required");
        } else if (!AGENT_NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' must be 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }
        String route = text(tree, "route", problems);
        if (route == null) {
            route = "default";
        }
        if (!routes.contains(route)) {
            problems.add("route '" + route + "' is not a configured route (known: " + String.join(", ", sorted(routes)) + ")");
        }
        MemorySpec memory = memory(tree.get("memory"), problems);
        List<ToolEntry> tools = tools(tree.get("tools"), problems);
        problems.addAll(LongTermSpecs.toolProblems(tree.path("memory").path("long_term"), tools));
        Limits limits = limits(tree.get("limits"), problems);
        OnBusy onBusy = null;
        String onBusyText = text(tree, "on_busy", problems);
        if (onBusyText != null) {
            try {
                onBusy = OnBusy.parse(onBusyText);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        Retention retention = retention(tree.get("retention"), problems);
        if (!problems.isEmpty()) {
            throw new ValidationException("agent" + (name == null ? "" : " '" + name + "'"), problems);
        }
        return new AgentSpec(name, text(tree, "description", problems), route, text(tree, "instructions", problems),
                memory, tools, limits, onBusy, retention);
    }

    private static String text(JsonNode tree, String field, List<String> problems) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(field + " must be a string, got " + node.getNodeType().name().toLowerCase());
            return null;
        }
        return node.asText();
    }

    private static MemorySpec memory(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return MemorySpec.NONE;
        }
        if (!node.isObject()) {
            problems.add("memory must be an object with 'blocks' and/or 'long_term'");
            return MemorySpec.NONE;
        }
        Map<String, String> blocks = new LinkedHashMap<>();
        Map<String, Integer> limits = new LinkedHashMap<>();
        JsonNode blocksNode = node.get("blocks");
        if (blocksNode != null && !blocksNode.isNull()) {
            if (!blocksNode.isObject()) {
                problems.add("memory.blocks must map labels to texts, or to {value, limit}");
            } else {
                blocksNode.fields().forEachRemaining(entry -> MemoryBlockDefinitions.read(entry.getKey(), entry.getValue(), blocks,
                        limits, problems));
            }
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!field.equals("blocks") && !field.equals("long_term")) {
                problems.add("memory." + field + " is not a known field (known: blocks, long_term)");
            }
        });
        return new MemorySpec(blocks, LongTermSpecs.read(node.get("long_term"), problems), limits);
    }

    private List<ToolEntry> tools(JsonNode node, List<String> problems) {
        List<ToolEntry> tools = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tools;
        }
        if (!node.isArray()) {
            problems.add("tools must be a list");
            return tools;
        }
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            ToolEntry entry = tool("tools[" + i + "]", node.get(i), problems);
            if (entry != null) {
                String key = listedName(entry);
                if (key != null && !seen.add(key)) {
                    problems.add("tools[" + i + "] '" + key + "' is listed twice");
                }
                tools.add(entry);
            }
        }
        return tools;
    }

    /** The name an entry is listed under: its built-in, its name, or the name its declaration gives itself. */
    private static String listedName(ToolEntry entry) {
        if (entry.builtin() != null || entry.name() != null) {
            return entry.builtin() != null ? entry.builtin() : entry.name();
        }
        JsonNode declared = entry.declaration() == null ? null : entry.declaration().get("name");
        return declared != null && declared.isTextual() ? declared.asText() : null;
    }

    private ToolEntry tool(String where, JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add(where + " must be an object such as {builtin: memory}");
            return null;
        }
        Set<String> known = new java.util.HashSet<>(TOOL_FIELDS);
        known.addAll(tools.kinds());
        List<String> kindKeys = new ArrayList<>();
        node.fieldNames().forEachRemaining(field -> {
            if (tools.kinds().contains(field)) {
                kindKeys.add(field);
            } else if (!known.contains(field)) {
                problems.add(where + "." + field + " is not a known field (known: " + String.join(", ", sorted(known)) + ")");
            }
        });
        List<String> local = new ArrayList<>();
        String builtin = text(node, "builtin", local);
        String name = text(node, "name", local);
        PolicySpecs.EntrySettings settings = PolicySpecs.readEntry(where, node, problems);
        String policy = settings.policy();
        String description = text(node, "description", local);
        String approvalTimeout = text(node, "approval_timeout", local);
        String onUnknownOutcome = text(node, "on_unknown_outcome", local);
        Boolean idempotent = bool(node, "idempotent", local);
        Boolean client = bool(node, "client", local);
        for (String problem : local) {
            problems.add(where + "." + problem);
        }
        String kind = kindKeys.isEmpty() ? null : kindKeys.getFirst();
        JsonNode declaration = kind == null ? null : node.get(kind);
        JsonNode schema = node.get("input_schema");
        boolean clientTool = Boolean.TRUE.equals(client);
        int kinds = (builtin != null ? 1 : 0) + kindKeys.size() + (clientTool ? 1 : 0);
        if (kinds != 1) {
            List<String> choices = new ArrayList<>();
            choices.add("'builtin'");
            sorted(tools.kinds()).forEach(key -> choices.add("'" + key + "'"));
            problems.add(where + " must have exactly one of " + String.join(", ", choices) + " or 'client: true'");
            return null;
        }
        if (builtin != null && !tools.builtins().contains(builtin)) {
            problems.add(where + ".builtin '" + builtin + "' is not a built-in tool (known: "
                    + String.join(", ", sorted(tools.builtins())) + ")");
        }
        ToolEntry entry = new ToolEntry(builtin, name, description, policy, idempotent, kind, declaration, schema, client,
                approvalTimeout, onUnknownOutcome, settings.rules(), settings.timeout(), settings.rateLimit(),
                settings.maxOutput());
        if (kind != null) {
            tools.problems(kind, entry).ifPresentOrElse(
                    found -> found.forEach(problem -> problems.add(where + "." + problem)),
                    () -> problems.add(where + ": " + kind + " tools are not available on this server"));
        }
        if (clientTool) {
            clientToolProblems(where, entry, problems);
        }
        approvalProblems(where, entry, problems);
        if (name != null && !TOOL_NAME.matcher(name).matches()) {
            problems.add(where + ".name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
        }
        if (schema != null) {
            if (!schema.isObject()) {
                problems.add(where + ".input_schema must be a JSON Schema object");
            } else {
                for (String problem : schemaChecker.problems(schema)) {
                    problems.add(where + ".input_schema: " + problem);
                }
            }
        }
        return entry;
    }

    private static Boolean bool(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            problems.add(field + " must be true or false");
            return null;
        }
        return value.asBoolean();
    }

    /** A client tool is only a name, a description and a schema: the caller decides everything else. */
    private static void clientToolProblems(String where, ToolEntry entry, List<String> problems) {
        if (entry.name() == null) {
            problems.add(where + ".name is required for a client tool");
        }
        if ("require_approval".equals(entry.policy())) {
            problems.add(where + ".policy require_approval does not apply to a client tool: the caller runs it, "
                    + "so the caller decides whether it may");
        }
        for (String field : List.of("idempotent", "approval_timeout", "on_unknown_outcome", "rules", "timeout",
                "rate_limit", "max_output")) {
            boolean set = switch (field) {
                case "idempotent" -> entry.idempotent() != null;
                case "approval_timeout" -> entry.approvalTimeout() != null;
                case "rules" -> !entry.rules().isEmpty();
                case "timeout" -> entry.timeout() != null;
                case "rate_limit" -> entry.rateLimit() != null;
                case "max_output" -> entry.maxOutput() != null;
                default -> entry.onUnknownOutcome() != null;
            };
            if (set) {
                problems.add(where + "." + field + " does not apply to a client tool, which Cairn never calls");
            }
        }
    }

    private static void approvalProblems(String where, ToolEntry entry, List<String> problems) {
        String onUnknown = entry.onUnknownOutcome();
        if (onUnknown != null && !onUnknown.equals("ask") && !onUnknown.equals("tell_model")) {
            problems.add(where + ".on_unknown_outcome '" + onUnknown + "' is not one of ask, tell_model");
        }
        if (entry.approvalTimeout() == null) {
            return;
        }
        try {
            Duration timeout = Durations.parse(where + ".approval_timeout", entry.approvalTimeout());
            if (timeout.compareTo(MAX_APPROVAL_TIMEOUT) > 0) {
                problems.add(where + ".approval_timeout '" + entry.approvalTimeout() + "' is longer than the limit of "
                        + MAX_APPROVAL_TIMEOUT.toDays() + "d");
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        boolean asksPeople = "require_approval".equals(entry.policy())
                || entry.rules().stream().anyMatch(rule -> rule.effect().equals("require_approval"));
        if (!asksPeople && !entry.asksOnUnknownOutcome() && !entry.executedByClient()) {
            problems.add(where + ".approval_timeout applies only to a tool whose policy is require_approval "
                    + "or whose on_unknown_outcome is ask");
        }
    }

    private static Limits limits(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return Limits.DEFAULT;
        }
        if (!node.isObject()) {
            problems.add("limits must be an object");
            return Limits.DEFAULT;
        }
        int maxSteps = Limits.DEFAULT.maxSteps();
        long maxTokens = Limits.DEFAULT.maxTokensPerRun();
        String timeout = Limits.DEFAULT.runTimeout();
        String stepTimeout = Limits.DEFAULT.stepTimeout();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "max_steps" -> {
                    if (value.canConvertToInt() && value.isIntegralNumber() && value.asInt() >= 1) {
                        maxSteps = value.asInt();
                    } else {
                        problems.add("limits.max_steps must be a whole number of at least 1, got " + value);
                    }
                }
                case "max_tokens_per_run" -> {
                    if (value.isIntegralNumber() && value.asLong() >= 0) {
                        maxTokens = value.asLong();
                    } else {
                        problems.add("limits.max_tokens_per_run must be a whole number of at least 0, got " + value);
                    }
                }
                case "run_timeout" -> {
                    try {
                        Durations.parse("limits.run_timeout", value.asText());
                        timeout = value.asText();
                    } catch (IllegalArgumentException e) {
                        problems.add(e.getMessage());
                    }
                }
                case "step_timeout" -> {
                    try {
                        Durations.parse("limits.step_timeout", value.asText());
                        stepTimeout = value.asText();
                    } catch (IllegalArgumentException e) {
                        problems.add(e.getMessage());
                    }
                }
                default -> problems.add("limits." + field.getKey()
                        + " is not a known field (known: max_steps, max_tokens_per_run, run_timeout, step_timeout)");
            }
        }
        return new Limits(maxSteps, maxTokens, timeout, stepTimeout);
    }

    private static Retention retention(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add("retention must be an object such as {idle_days: 30}");
            return null;
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!field.equals("idle_days")) {
                problems.add("retention." + field + " is not a known field (known: idle_days)");
            }
        });
        JsonNode days = node.get("idle_days");
        if (days == null || days.isNull()) {
            problems.add("retention.idle_days is required: the days a session may stay idle before it is archived");
            return null;
        }
        if (!days.isIntegralNumber() || !days.canConvertToInt() || days.asInt() < 1 || days.asInt() > Retention.MAX_IDLE_DAYS) {
            problems.add("retention.idle_days must be a whole number of days from 1 to " + Retention.MAX_IDLE_DAYS
                    + ", got " + days);
            return null;
        }
        return new Retention(days.asInt());
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
