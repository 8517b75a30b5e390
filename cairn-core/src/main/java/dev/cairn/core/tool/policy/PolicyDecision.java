package dev.cairn.core.tool.policy;

import java.util.Objects;

/**
 * What policy decided for one tool call, and which rule decided it.
 *
 * @param effect what happens to the call
 * @param rule   the rule that decided ({@code tool_policies[0]}, {@code tools[1].rules[0]}, a rule's
 *               name, or {@link #DEFAULT_RULE} when no rule applied)
 * @param reason why, in words a person or the model can read
 */
public record PolicyDecision(PolicyEffect effect, String rule, String reason) {

    /** The rule named when no rule applies to a call: it is allowed. */
    public static final String DEFAULT_RULE = "default";

    public PolicyDecision {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }
}
