package dev.cairn.core.agent;

import java.util.Objects;

/**
 * A conditional policy rule of one tools entry, as written: {@code rules: [{when: "args.amount > 100",
 * effect: require_approval}]}, or {@code policy: {require_approval: "args.amount > 100"}}. Immutable.
 *
 * @param source where it is written ({@code tools[2].rules[0]}, {@code tools[2].policy.deny}), or
 *               its {@code name} when it has one; named by decisions it makes
 * @param effect {@code allow}, {@code require_approval} or {@code deny}
 * @param when   a CEL condition over the call ({@code args}, {@code tool}, {@code agent},
 *               {@code tenant}), or null for a rule that always applies
 */
public record ToolRule(String source, String effect, String when) {

    public ToolRule {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(effect, "effect");
    }
}
