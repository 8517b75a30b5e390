package dev.cairn.core.tool.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * What a policy rule does to a tool call. When several rules apply to one call, the strongest
 * wins: {@link #DENY} beats {@link #REQUIRE_APPROVAL}, which beats {@link #ALLOW}.
 */
public enum PolicyEffect {
    ALLOW,
    REQUIRE_APPROVAL,
    DENY;

    /** The name written in definitions and configuration: {@code allow}, {@code require_approval}, {@code deny}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The effect written as {@code text}, or empty when it is none of them. */
    public static Optional<PolicyEffect> parse(String text) {
        for (PolicyEffect effect : values()) {
            if (effect.wireName().equals(text)) {
                return Optional.of(effect);
            }
        }
        return Optional.empty();
    }

    /** True when this effect wins over {@code other}. */
    boolean stronger(PolicyEffect other) {
        return ordinal() > other.ordinal();
    }
}
