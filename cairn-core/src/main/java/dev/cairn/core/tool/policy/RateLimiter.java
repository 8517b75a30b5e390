package dev.cairn.core.tool.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Counts tool calls in a sliding window per key (tenant, agent and tool), and says whether one
 * more may start now. The counts live in this process: a server's limit holds per server node.
 * Time comes from the injected clock. Thread-safe.
 */
public final class RateLimiter {

    private final Clock clock;
    private final Cache<String, ArrayDeque<Long>> windows = Caffeine.newBuilder()
            .expireAfterAccess(RateLimit.MAX_WINDOW).maximumSize(100_000).build();

    public RateLimiter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Counts a call under {@code key} when {@code limit} allows one more now.
     *
     * @return true when the call may start (and is counted), false when the limit is reached
     */
    public boolean tryAcquire(String key, RateLimit limit) {
        ArrayDeque<Long> starts = windows.get(key, ignored -> new ArrayDeque<>());
        long now = clock.millis();
        long windowStart = now - limit.window().toMillis();
        synchronized (starts) {
            while (!starts.isEmpty() && starts.peekFirst() <= windowStart) {
                starts.pollFirst();
            }
            if (starts.size() >= limit.calls()) {
                return false;
            }
            starts.addLast(now);
            return true;
        }
    }
}
