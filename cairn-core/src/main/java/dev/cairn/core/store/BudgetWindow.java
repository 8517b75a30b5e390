package dev.cairn.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One budget as it applies to one call: the ledger entries it counts (of {@code tenantId}, and of
 * {@code agent} and {@code sessionId} unless they are empty, appended in {@code [from, to)}) and
 * its limits.
 *
 * @param name       the budget's name, for messages
 * @param tokenLimit the most tokens, or {@link #NO_LIMIT}
 * @param costLimit  the most cost in micro-units, or {@link #NO_LIMIT}
 */
public record BudgetWindow(String name, String tenantId, String agent, String sessionId, Instant from, Instant to,
                           long tokenLimit, long costLimit) {

    public static final long NO_LIMIT = -1;

    public BudgetWindow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tenantId, "tenantId");
        agent = agent == null ? "" : agent;
        sessionId = sessionId == null ? "" : sessionId;
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("budget window of '" + name + "' must start before it ends");
        }
        if (tokenLimit < NO_LIMIT || costLimit < NO_LIMIT) {
            throw new IllegalArgumentException("budget '" + name + "' has a negative limit");
        }
    }

    /** What identifies the entries this window counts, whatever the budget is named. */
    public String key() {
        return tenantId + '\u001f' + agent + '\u001f' + sessionId + '\u001f' + from.toEpochMilli() + '\u001f'
                + to.toEpochMilli();
    }

    /** Whether {@code spent + reserved + asked} stays within both limits. */
    public boolean admits(BudgetAmount spent, BudgetAmount reserved, BudgetAmount asked) {
        return within(tokenLimit, spent.tokens() + reserved.tokens() + asked.tokens())
                && within(costLimit, spent.costMicros() + reserved.costMicros() + asked.costMicros());
    }

    private static boolean within(long limit, long total) {
        return limit == NO_LIMIT || total <= limit;
    }
}
