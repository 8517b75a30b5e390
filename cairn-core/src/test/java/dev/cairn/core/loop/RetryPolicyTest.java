package dev.cairn.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void backoffGrowsExponentiallyWithJitterAndIsCapped() {
        SplittableRandom random = new SplittableRandom(1);
        for (int attempt = 1; attempt <= 10; attempt++) {
            long cap = Math.min(100L << (attempt - 1), 2000);
            for (int i = 0; i < 50; i++) {
                assertThat(policy.backoff(attempt, 0, random).toMillis()).as("attempt %d", attempt).isBetween(cap / 2, cap);
            }
        }
    }

    @Test
    void aProvidersRetryAfterIsHonouredUpToTheCap() {
        assertThat(policy.backoff(1, 1500, new SplittableRandom(2))).isEqualTo(Duration.ofMillis(1500));
        assertThat(policy.backoff(1, 60_000, new SplittableRandom(2))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("max_attempts");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(5), Duration.ofSeconds(1))).hasMessageContaining("backoff");
    }
}
