package dev.cairn.core.gateway;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * What the ledger gateway holds model calls to: the budgets, the prices that cost them, the time
 * zone of budget days, and how long a reservation holds room before it lapses (so a process that
 * died while calling holds nothing for longer).
 */
public record BudgetSettings(List<Budget> budgets, Prices prices, ZoneId zone, Duration reservationHold) {

    public static final Duration DEFAULT_HOLD = Duration.ofMinutes(10);
    public static final BudgetSettings NONE = new BudgetSettings(List.of(), Prices.NONE, java.time.ZoneOffset.UTC,
            DEFAULT_HOLD);

    public BudgetSettings {
        budgets = List.copyOf(budgets);
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(reservationHold, "reservationHold");
        if (reservationHold.toMillis() < 1) {
            throw new IllegalArgumentException("a budget reservation must hold at least 1 ms, got " + reservationHold);
        }
    }
}
