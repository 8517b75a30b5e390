package dev.cairn.core.agent;

import java.time.Duration;

/**
 * Bounds on one run.
 *
 * @param maxSteps        model calls per run before it fails with {@code max_steps}
 * @param maxTokensPerRun tokens (in + out) per run, 0 for no limit
 * @param runTimeout      wall time per run, written like {@code 90s}, {@code 15m}, {@code 2h}
 * @param stepTimeout     wall time per model call (each attempt), written the same way
 */
public record Limits(int maxSteps, long maxTokensPerRun, String runTimeout, String stepTimeout) {

    public static final Limits DEFAULT = new Limits(25, 0, "15m", "5m");

    public Limits(int maxSteps, long maxTokensPerRun, String runTimeout) {
        this(maxSteps, maxTokensPerRun, runTimeout, null);
    }

    public Limits {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("limits.max_steps must be at least 1, got " + maxSteps);
        }
        if (maxTokensPerRun < 0) {
            throw new IllegalArgumentException("limits.max_tokens_per_run cannot be negative, got " + maxTokensPerRun);
        }
        runTimeout = runTimeout == null ? DEFAULT_TIMEOUT : runTimeout;
        Durations.parse("limits.run_timeout", runTimeout);
        stepTimeout = stepTimeout == null ? DEFAULT_STEP_TIMEOUT : stepTimeout;
        Durations.parse("limits.step_timeout", stepTimeout);
    }

    private static final String DEFAULT_TIMEOUT = "15m";
    private static final String DEFAULT_STEP_TIMEOUT = "5m";

    /** {@link #stepTimeout()} as a {@link Duration}. */
    public Duration stepTimeoutDuration() {
        return Durations.parse("limits.step_timeout", stepTimeout);
    }

    /** {@link #runTimeout()} as a {@link Duration}. */
    public Duration runTimeoutDuration() {
        return Durations.parse("limits.run_timeout", runTimeout);
    }
}
