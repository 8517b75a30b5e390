package dev.cairn.core.route;

import java.time.Duration;
import java.util.Objects;

/**
 * One provider and model a route may send a call to.
 *
 * @param provider the provider's configured name
 * @param model    the model, as the provider names it
 * @param timeout  the most one attempt at this target may take, or {@code null} when only the
 *                 step timeout bounds it
 * @throws IllegalArgumentException when {@code timeout} is zero or negative
 */
public record RouteTarget(String provider, String model, Duration timeout) {

    public RouteTarget {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("a target's timeout must be positive, not " + timeout);
        }
    }

    /** A target bounded only by the step timeout. */
    public RouteTarget(String provider, String model) {
        this(provider, model, null);
    }

    /** The bound of one attempt at this target: the smaller of {@code stepTimeout} and its own timeout. */
    public Duration attemptTimeout(Duration stepTimeout) {
        return timeout != null && timeout.compareTo(stepTimeout) < 0 ? timeout : stepTimeout;
    }
}
