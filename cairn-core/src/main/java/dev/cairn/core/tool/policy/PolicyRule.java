package dev.cairn.core.tool.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One compiled policy rule: which calls it matches (tool, tenant and agent name globs, and an
 * optional condition over the call) and what it does to them. Immutable and thread-safe.
 *
 * @param name      how decisions name it ({@code tool_policies[0]}, {@code tools[1].rules[0]}, or
 *                  the rule's own {@code name})
 * @param tool      a glob over tool names ({@code payments.*}; {@code *} any, {@code ?} one character)
 * @param tenant    a glob over tenant ids, or null for any
 * @param agent     a glob over agent names, or null for any
 * @param effect    what it does to a call it matches
 * @param condition the condition a call must meet, or null for every call
 */
public record PolicyRule(String name, String tool, String tenant, String agent, PolicyEffect effect,
                         PolicyCondition condition) {

    public PolicyRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(effect, "effect");
    }

    /** Whether the rule is about calls of {@code toolName} by {@code agentName} in {@code tenantId}, whatever the arguments. */
    public boolean covers(String toolName, String tenantId, String agentName) {
        return glob(tool, toolName) && (tenant == null || glob(tenant, tenantId)) && (agent == null || glob(agent, agentName));
    }

    /** True for a rule that applies to every call it covers. */
    public boolean unconditional() {
        return condition == null;
    }

    /** The condition as written, or null. */
    public String when() {
        return condition == null ? null : condition.expression();
    }

    static boolean glob(String pattern, String value) {
        if (value == null) {
            return false;
        }
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
            return pattern.equals(value);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }
}
