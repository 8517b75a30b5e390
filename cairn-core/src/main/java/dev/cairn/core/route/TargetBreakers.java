package dev.cairn.core.route;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * One circuit breaker per route target (provider and model), shared by every route and run of
 * the process, on Resilience4j. A target that keeps failing is skipped for a while, so a run
 * falls back to the next target at once instead of paying its timeouts and retries again; after
 * {@link Settings#openFor()} a few calls are let through to see whether it has recovered.
 * Thread-safe.
 */
public final class TargetBreakers {

    /**
     * When a target's breaker opens.
     *
     * @param failureRate  the percentage of failed calls, among the last {@code window}, that opens it
     * @param window       how many of the target's last calls are counted
     * @param minimumCalls calls counted before the rate can open it
     * @param openFor      how long it stays open before letting trial calls through
     * @param trialCalls   calls let through to decide whether it closes again
     */
    public record Settings(int failureRate, int window, int minimumCalls, Duration openFor, int trialCalls) {

        /** Half of the last 20 calls (at least 5) failed: skip the target for 30 s, then try 2 calls. */
        public static final Settings DEFAULTS = new Settings(50, 20, 5, Duration.ofSeconds(30), 2);

        public Settings {
            if (failureRate < 1 || failureRate > 100) {
                throw new IllegalArgumentException("failure rate must be 1-100 percent, got " + failureRate);
            }
            if (window < 1 || minimumCalls < 1 || trialCalls < 1) {
                throw new IllegalArgumentException("window, minimum calls and trial calls must be positive");
            }
            Objects.requireNonNull(openFor, "openFor");
            if (openFor.isNegative() || openFor.isZero()) {
                throw new IllegalArgumentException("openFor must be positive, got " + openFor);
            }
        }
    }

    private final CircuitBreakerConfig config;
    private final ConcurrentMap<RouteTarget, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    private TargetBreakers(CircuitBreakerConfig config) {
        this.config = config;
    }

    /** Breakers with {@code settings}, timed by {@code clock}. */
    public static TargetBreakers create(Settings settings, Clock clock) {
        return new TargetBreakers(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRate())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.trialCalls())
                .clock(clock)
                .currentTimestampFunction(c -> c.millis(), TimeUnit.MILLISECONDS)
                .build());
    }

    /** True when a call of {@code target} may be made now; the caller then reports it with {@link #succeeded} or {@link #failed}. */
    public boolean permits(RouteTarget target) {
        return breaker(target).tryAcquirePermission();
    }

    /** Gives back a permission {@link #permits} granted for a call that was then not made. */
    public void releasePermission(RouteTarget target) {
        breaker(target).releasePermission();
    }

    public void succeeded(RouteTarget target, long latencyMillis) {
        breaker(target).onSuccess(latencyMillis, TimeUnit.MILLISECONDS);
    }

    public void failed(RouteTarget target, long latencyMillis, Throwable failure) {
        breaker(target).onError(latencyMillis, TimeUnit.MILLISECONDS, failure);
    }

    /** {@code closed}, {@code open} or {@code half_open}, for messages and checks. */
    public String state(RouteTarget target) {
        return switch (breaker(target).getState()) {
            case OPEN, FORCED_OPEN -> "open";
            case HALF_OPEN -> "half_open";
            default -> "closed";
        };
    }

    private CircuitBreaker breaker(RouteTarget target) {
        return breakers.computeIfAbsent(target, key -> CircuitBreaker.of(key.provider() + "/" + key.model(), config));
    }
}
