package dev.cairn.core.gateway;

import dev.cairn.core.model.Usage;
import java.util.Objects;

/**
 * What an admitted model call came to.
 *
 * @param outcome {@code ok}, or the failure's type ({@code provider_unavailable}, {@code step_timeout}, ...)
 * @param usage   the tokens the provider reported ({@link Usage#ZERO} for a failure)
 */
public record CallResult(String outcome, Usage usage, long latencyMillis) {

    public static final String OK = "ok";

    public CallResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(usage, "usage");
    }

    public boolean succeeded() {
        return OK.equals(outcome);
    }
}
