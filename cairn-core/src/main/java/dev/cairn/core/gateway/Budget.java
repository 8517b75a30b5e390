package dev.cairn.core.gateway;

import dev.cairn.core.store.BudgetWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A limit on what model calls may spend ({@code budgets:} in {@code cairn.yaml}).
 *
 * @param scope   what one window counts: a tenant's calls, an agent's, or a session's
 * @param tenant  the tenant it applies to, or {@code *} for each tenant on its own
 * @param agent   the agent it applies to, or {@code *} for each agent on its own (ignored by tenant scope)
 * @param period  {@code DAY}: a calendar day of the budget time zone; {@code TOTAL}: for ever
 * @param maxTokens     the most input plus output tokens, or {@link BudgetWindow#NO_LIMIT}
 * @param maxCostMicros the most cost in millionths of the price table's currency, or {@link BudgetWindow#NO_LIMIT}
 */
public record Budget(String name, Scope scope, String tenant, String agent, Period period, long maxTokens,
                     long maxCostMicros) {

    /** Every tenant, or every agent. */
    public static final String EACH = "*";

    /** What one window of a budget counts. */
    public enum Scope { TENANT, AGENT, SESSION }

    /** How long one window of a budget lasts. */
    public enum Period { DAY, TOTAL }

    public Budget {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a budget needs a name");
        }
        Objects.requireNonNull(scope, "scope");
        tenant = tenant == null || tenant.isBlank() ? EACH : tenant;
        agent = agent == null || agent.isBlank() ? EACH : agent;
        Objects.requireNonNull(period, "period");
        if (maxTokens < BudgetWindow.NO_LIMIT || maxCostMicros < BudgetWindow.NO_LIMIT) {
            throw new IllegalArgumentException("budget '" + name + "' has a negative limit");
        }
        if (maxTokens == BudgetWindow.NO_LIMIT && maxCostMicros == BudgetWindow.NO_LIMIT) {
            throw new IllegalArgumentException("budget '" + name + "' limits neither tokens nor cost");
        }
    }

    public boolean limitsCost() {
        return maxCostMicros != BudgetWindow.NO_LIMIT;
    }

    /** The window of this budget a call of {@code subject} at {@code now} counts toward, if the budget applies to it. */
    public Optional<BudgetWindow> windowFor(CallSubject subject, Instant now, ZoneId zone) {
        if (!matches(tenant, subject.tenantId())) {
            return Optional.empty();
        }
        if (scope != Scope.TENANT && !matches(agent, subject.agent())) {
            return Optional.empty();
        }
        if (scope == Scope.SESSION && subject.sessionId().isEmpty()) {
            return Optional.empty();
        }
        Instant from = Instant.EPOCH;
        Instant to = Instant.ofEpochMilli(Long.MAX_VALUE);
        if (period == Period.DAY) {
            LocalDate day = LocalDate.ofInstant(now, zone);
            from = day.atStartOfDay(zone).toInstant();
            to = day.plusDays(1).atStartOfDay(zone).toInstant();
        }
        return Optional.of(new BudgetWindow(name, subject.tenantId(), scope == Scope.TENANT ? "" : subject.agent(),
                scope == Scope.SESSION ? subject.sessionId() : "", from, to, maxTokens, maxCostMicros));
    }

    private static boolean matches(String pattern, String value) {
        return EACH.equals(pattern) || pattern.equals(value);
    }
}
