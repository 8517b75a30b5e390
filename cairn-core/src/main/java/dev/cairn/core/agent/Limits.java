package dev.cairn.core.agent;

import java.time.Duration;

/**
 * Bounds on one run.
 *
 * @param maxSteps        model calls per run before it fails with {@code max_steps}
 * @param maxTokensPerRun tokens (in + out) per run, 0 for no limit
 * @param runTimeout      wall time per run, written like {@code 90s}, {@code 15m}, {@code 2h}
 */
public record Limits(int maxSteps, long maxTokensPerRun, String runTimeout) {

    public static final Limits DEFAULT = new Limits(25, 0, "15m");

    public Limits {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("limits.max_steps must be at least 1, got " + maxSteps);
        }
        if (maxTokensPerRun < 0) {
            throw new IllegalArgumentException("limits.max_tokens_per_run cannot be negative, got " + maxTokensPerRun);
        }
        runTimeout = runTimeout == null ? DEFAULT_TIMEOUT : runTimeout;
        Durations.parse("limits.run_timeout", runTimeout);
    }

    private static final String DEFAULT_TIMEOUT = "15m";

    /** {@link #runTimeout()} as a {@link Duration}. */
    public Duration runTimeoutDuration() {
        return Durations.parse("limits.run_timeout", runTimeout);
    }
}
