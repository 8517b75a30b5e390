package dev.cairn.core.loop;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often, and after how long, a retryable model call is tried again: exponential backoff
 * with jitter, never longer than {@code maxBackoff}, and at least what the provider asked for.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(20));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry max_attempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry backoff must satisfy 0 <= initial <= max, got "
                    + initialBackoff + " and " + maxBackoff);
        }
    }

    /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed. */
    public Duration backoff(int attempt, long retryAfterMillis, RandomGenerator random) {
        long exponential = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(exponential, maxBackoff.toMillis());
        long jittered = capped / 2 + (capped <= 1 ? 0 : random.nextLong(capped / 2 + 1));
        return Duration.ofMillis(Math.min(Math.max(jittered, retryAfterMillis), maxBackoff.toMillis()));
    }
}
