package dev.cairn.core.route;

import java.util.List;
import java.util.Objects;

/**
 * A name agents use ({@code default}, {@code fast}) mapped to ordered targets: the first is
 * tried first, the next ones when it fails.
 *
 * @param contextTokens   the most tokens a request's context may hold (instructions, memory, history, tools)
 * @param maxOutputTokens the most tokens the model may write per call
 */
public record Route(String name, List<RouteTarget> targets, int contextTokens, int maxOutputTokens) {

    public Route {
        Objects.requireNonNull(name, "name");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("route '" + name + "' needs at least one target");
        }
        if (contextTokens < 256) {
            throw new IllegalArgumentException("route '" + name + "' context_tokens must be at least 256, got " + contextTokens);
        }
        if (maxOutputTokens < 0 || maxOutputTokens >= contextTokens) {
            throw new IllegalArgumentException("route '" + name + "' max_output_tokens must be between 0 and context_tokens, got "
                    + maxOutputTokens);
        }
    }
}
