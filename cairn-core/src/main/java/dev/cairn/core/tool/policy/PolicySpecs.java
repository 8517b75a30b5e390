package dev.cairn.core.tool.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.Durations;
import dev.cairn.core.agent.ToolRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the policy parts of definitions and configuration, reporting each problem with the field
 * it is about: a tools entry's {@code policy} (a word, or a map from effect to condition),
 * {@code rules}, {@code timeout}, {@code rate_limit} and {@code max_output}; and the server's
 * {@code tool_policies}. Conditions are compiled here, so a bad one fails where it is written.
 * Stateless and thread-safe.
 */
public final class PolicySpecs {

    private static final Set<String> RULE_FIELDS = Set.of("name", "when", "effect");
    private static final Set<String> SERVER_RULE_FIELDS = Set.of("name", "tool", "tenant", "agent", "when", "effect");
    private static final String EFFECTS = "allow, require_approval, deny";

    private PolicySpecs() {
    }

    /**
     * The policy fields of one tools entry.
     *
     * @param policy    the unconditional policy word, or null when unsaid (or written as a map)
     * @param rules     the conditional rules, from {@code policy: {...}} then {@code rules: [...]}
     * @param timeout   as written, or null
     * @param rateLimit as written, or null
     * @param maxOutput as written, or null
     */
    public record EntrySettings(String policy, List<ToolRule> rules, String timeout, String rateLimit, String maxOutput) {
    }

    /** Reads the policy fields of the tools entry {@code node}, written at {@code where} ({@code tools[2]}). */
    public static EntrySettings readEntry(String where, JsonNode node, List<String> problems) {
        List<ToolRule> rules = new ArrayList<>();
        String policy = null;
        JsonNode policyNode = node.get("policy");
        if (policyNode != null && !policyNode.isNull()) {
            if (policyNode.isTextual()) {
                policy = policyNode.asText();
                if (PolicyEffect.parse(policy).isEmpty()) {
                    problems.add(where + ".policy '" + policy + "' is not one of " + EFFECTS);
                }
            } else if (policyNode.isObject()) {
                policyNode.properties().forEach(field -> conditional(where + ".policy." + field.getKey(), field.getKey(),
                        field.getValue(), rules, problems));
            } else {
                problems.add(where + ".policy must be one of " + EFFECTS
                        + ", or a map from effect to condition such as {require_approval: \"args.amount > 100\"}");
            }
        }
        JsonNode rulesNode = node.get("rules");
        if (rulesNode != null && !rulesNode.isNull()) {
            if (!rulesNode.isArray()) {
                problems.add(where + ".rules must be a list of {when, effect}");
            } else {
                for (int i = 0; i < rulesNode.size(); i++) {
                    ToolRule rule = rule(where + ".rules[" + i + "]", rulesNode.get(i), problems);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
        }
        String timeout = checked(where + ".timeout", node.get("timeout"), problems, (key, text) -> {
            if (Durations.parse(key, text).compareTo(ToolLimits.MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(key + " '" + text + "' is longer than the limit of 24h");
            }
        });
        String rateLimit = checked(where + ".rate_limit", node.get("rate_limit"), problems, RateLimit::parse);
        String maxOutput = checked(where + ".max_output", node.get("max_output"), problems, ToolLimits::bytes);
        return new EntrySettings(policy, rules, timeout, rateLimit, maxOutput);
    }

    private static void conditional(String where, String effect, JsonNode condition, List<ToolRule> rules,
                                    List<String> problems) {
        if (PolicyEffect.parse(effect).isEmpty()) {
            problems.add(where + ": '" + effect + "' is not one of " + EFFECTS);
            return;
        }
        if (!condition.isTextual()) {
            problems.add(where + " must be a condition such as \"args.amount > 100\"");
            return;
        }
        if (conditionProblem(where, condition.asText(), problems)) {
            rules.add(new ToolRule(where, effect, condition.asText()));
        }
    }

    private static ToolRule rule(String where, JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add(where + " must be an object such as {when: \"args.amount > 100\", effect: require_approval}");
            return null;
        }
        int before = problems.size();
        unknownFields(where, node, RULE_FIELDS, problems);
        String effect = effect(where, node, problems);
        String when = text(where, node, "when", problems);
        String name = text(where, node, "name", problems);
        if (when != null) {
            conditionProblem(where + ".when", when, problems);
        }
        return problems.size() == before ? new ToolRule(name != null ? name : where, effect, when) : null;
    }

    /**
     * Reads the server's {@code tool_policies}: a list of {@code {tool, effect}} with optional
     * {@code tenant}, {@code agent}, {@code when} and {@code name}.
     */
    public static List<PolicyRule> readServerRules(JsonNode node, List<String> problems) {
        List<PolicyRule> rules = new ArrayList<>();
        if (node == null || node.isNull()) {
            return rules;
        }
        if (!node.isArray()) {
            problems.add("tool_policies must be a list of {tool, effect} rules");
            return rules;
        }
        for (int i = 0; i < node.size(); i++) {
            String where = "tool_policies[" + i + "]";
            JsonNode rule = node.get(i);
            if (!rule.isObject()) {
                problems.add(where + " must be an object such as {tool: \"payments.*\", effect: require_approval}");
                continue;
            }
            int before = problems.size();
            unknownFields(where, rule, SERVER_RULE_FIELDS, problems);
            String tool = text(where, rule, "tool", problems);
            if (tool == null) {
                problems.add(where + ".tool is required: a tool name or a glob such as payments.*");
            }
            String effect = effect(where, rule, problems);
            String when = text(where, rule, "when", problems);
            String name = text(where, rule, "name", problems);
            String tenant = text(where, rule, "tenant", problems);
            String agent = text(where, rule, "agent", problems);
            PolicyCondition condition = null;
            if (when != null) {
                try {
                    condition = PolicyConditions.compile(when);
                } catch (IllegalArgumentException e) {
                    problems.add(where + ".when: " + e.getMessage());
                }
            }
            if (problems.size() == before) {
                rules.add(new PolicyRule(name != null ? name : where, tool, tenant, agent,
                        PolicyEffect.parse(effect).orElseThrow(), condition));
            }
        }
        return rules;
    }

    private static String effect(String where, JsonNode node, List<String> problems) {
        String effect = text(where, node, "effect", problems);
        if (effect == null) {
            problems.add(where + ".effect is required: one of " + EFFECTS);
        } else if (PolicyEffect.parse(effect).isEmpty()) {
            problems.add(where + ".effect '" + effect + "' is not one of " + EFFECTS);
        }
        return effect;
    }

    private static boolean conditionProblem(String where, String expression, List<String> problems) {
        var problem = PolicyConditions.problem(expression);
        problem.ifPresent(found -> problems.add(where + ": " + found));
        return problem.isEmpty();
    }

    private static void unknownFields(String where, JsonNode node, Set<String> known, List<String> problems) {
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problems.add(where + "." + field + " is not a known field (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        });
    }

    private static String text(String where, JsonNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(where + "." + field + " must be a string");
            return null;
        }
        return value.asText();
    }

    /** A field checked by {@code check}, which throws naming it; as written, or null when unsaid or bad. */
    private static String checked(String key, JsonNode value, List<String> problems,
                                  java.util.function.BiConsumer<String, String> check) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            problems.add(key + " must be a string");
            return null;
        }
        try {
            check.accept(key, value.asText());
            return value.asText();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
