package dev.cairn.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.memory.MemoryLimits;
import dev.cairn.core.memory.MemoryScope;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and checks {@code memory.long_term}, naming each problem by its path. */
final class LongTermSpecs {

    private static final String WHERE = "memory.long_term";
    private static final Set<String> FIELDS = Set.of("scope", "namespace", "extract", "recall");

    private LongTermSpecs() {
    }

    /** The definition in {@code node}, or null (with problems added) when it is not valid; null for no node. */
    static LongTermSpec read(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(WHERE + " must be an object such as {scope: user}");
            return null;
        }
        int before = problems.size();
        unknownFields(node, WHERE, FIELDS, problems);
        MemoryScope scope = scope(node.get("scope"), problems);
        String namespace = namespace(node.get("namespace"), problems);
        List<LongTermSpec.Extract> extract = extract(node.get("extract"), problems);
        LongTermSpec.Recall recall = recall(node.get("recall"), problems);
        return problems.size() == before ? new LongTermSpec(scope, namespace, extract, recall) : null;
    }

    /**
     * A problem for each tool that needs long-term memory when the definition has no
     * {@code memory.long_term} ({@code node}); one it has but with problems is reported as those.
     */
    static List<String> toolProblems(JsonNode node, List<ToolEntry> tools) {
        List<String> problems = new ArrayList<>();
        if (!node.isMissingNode() && !node.isNull()) {
            return problems;
        }
        for (int i = 0; i < tools.size(); i++) {
            String builtin = tools.get(i).builtin();
            if (builtin != null && LongTermSpec.TOOLS.contains(builtin)) {
                problems.add("tools[" + i + "] '" + builtin + "' needs memory.long_term (for example {scope: user})");
            }
        }
        return problems;
    }

    private static MemoryScope scope(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            problems.add(WHERE + ".scope is required: agent, user or tenant");
            return null;
        }
        for (MemoryScope scope : MemoryScope.values()) {
            if (node.isTextual() && scope.wireName().equals(node.asText())) {
                return scope;
            }
        }
        problems.add(WHERE + ".scope must be one of agent, user, tenant, got " + node);
        return null;
    }

    private static String namespace(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual() || node.asText().isEmpty() || !MemoryLimits.validNamespace(node.asText())) {
            problems.add(WHERE + "." + MemoryLimits.namespaceRule(node.isTextual() ? node.asText() : node.toString()));
            return "";
        }
        return node.asText();
    }

    private static List<LongTermSpec.Extract> extract(JsonNode node, List<String> problems) {
        Set<LongTermSpec.Extract> extract = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(WHERE + ".extract must be a list of facts, preferences, summary");
            return List.of();
        }
        for (JsonNode item : node) {
            LongTermSpec.Extract found = null;
            for (LongTermSpec.Extract what : LongTermSpec.Extract.values()) {
                if (item.isTextual() && what.wireName().equals(item.asText())) {
                    found = what;
                }
            }
            if (found == null) {
                problems.add(WHERE + ".extract " + item + " is not one of facts, preferences, summary");
            } else if (!extract.add(found)) {
                problems.add(WHERE + ".extract lists " + found.wireName() + " twice");
            }
        }
        return List.copyOf(extract);
    }

    private static LongTermSpec.Recall recall(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return LongTermSpec.Recall.DEFAULT;
        }
        if (!node.isObject()) {
            problems.add(WHERE + ".recall must be an object such as {limit: 5, max_tokens: 1000}");
            return LongTermSpec.Recall.DEFAULT;
        }
        unknownFields(node, WHERE + ".recall", Set.of("limit", "max_tokens"), problems);
        int limit = whole(node.get("limit"), "recall.limit", 0, LongTermSpec.Recall.MAX_LIMIT,
                LongTermSpec.Recall.DEFAULT.limit(), problems);
        int maxTokens = whole(node.get("max_tokens"), "recall.max_tokens", 1, LongTermSpec.Recall.MAX_TOKENS,
                LongTermSpec.Recall.DEFAULT.maxTokens(), problems);
        return new LongTermSpec.Recall(limit, maxTokens);
    }

    private static int whole(JsonNode node, String field, int min, int max, int fallback, List<String> problems) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            problems.add(WHERE + "." + field + " must be a whole number from " + min + " to " + max + ", got " + node);
            return fallback;
        }
        return node.asInt();
    }

    private static void unknownFields(JsonNode node, String where, Set<String> known, List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            String field = fields.next().getKey();
            if (!known.contains(field)) {
                problems.add(where + "." + field + " is not a known field (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
