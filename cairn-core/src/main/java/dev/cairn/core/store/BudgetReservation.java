package dev.cairn.core.store;

/** What {@link LedgerStore#reserve} answers: the reservation was made, or which budget has no room. */
public sealed interface BudgetReservation {

    /** Reserved against every budget asked; settle it with {@link LedgerStore#settle}. */
    record Reserved(String reservationId) implements BudgetReservation {
    }

    /**
     * Nothing was reserved: {@code budget} has {@code spent} plus live {@code reserved}, and
     * {@code asked} more would pass its limit.
     */
    record Exhausted(BudgetWindow budget, BudgetAmount spent, BudgetAmount reserved, BudgetAmount asked)
            implements BudgetReservation {
    }
}
