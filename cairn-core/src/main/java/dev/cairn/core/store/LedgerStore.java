package dev.cairn.core.store;

import java.util.concurrent.CompletableFuture;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ledger of model and tool calls, a hash chain ({@link LedgerChain}), and the budgets it
 * feeds. Entries are appended in one line even when several processes or nodes share the store:
 * each append reads the last entry and writes the next inside one write transaction that no other
 * append can interleave with.
 *
 * <p><b>Spending is derived from the ledger</b>: what a budget window has spent is the sum of
 * the entries it counts. Implementations may cache sums, but a cached sum changes only in the
 * transaction of the append that changes it, and {@link #rebuildSpend} forgets every cached sum.
 *
 * <p><b>Reservations</b> hold a call's worst case against its budgets until it settles, and
 * lapse at their expiry, so a process that died holds nothing for long. Expiry is judged with
 * the store's clock.
 *
 * <p>Every write is on disk when it returns. Thread-safe.
 */
public interface LedgerStore {

    /**
     * Reserves {@code asked} against every window in {@code budgets}, or against none: in one
     * transaction, each window's spent plus live reservations plus {@code asked} must stay within
     * its limits.
     *
     * @return {@link BudgetReservation.Reserved}, or {@link BudgetReservation.Exhausted} naming the
     *     first window without room (nothing reserved then)
     */
    BudgetReservation reserve(String reservationId, List<BudgetWindow> budgets, BudgetAmount asked, Instant expiresAt);

    /**
     * In one transaction: appends {@code call}, adds it to the spend of every window that counts
     * it, and drops reservation {@code reservationId} (an empty id, or a lapsed one, drops nothing).
     *
     * @return the entry as stored
     */
    LedgerEntry settle(String reservationId, LedgerCall call);

    /**
     * As {@link #settle}, without waiting for the settlement to be durable: it is queued behind
     * every write this handle has queued and ahead of every later one, so a write made through this
     * handle after it returns (a run's next events) is durable only once the settlement is. The
     * future completes when it is durable, or exceptionally with a {@code StoreException}. A store
     * that cannot order its writes so settles at once, as this default does.
     */
    default CompletableFuture<LedgerEntry> settleInOrder(String reservationId, LedgerCall call) {
        return CompletableFuture.completedFuture(settle(reservationId, call));
    }

    /** Appends a call that held no reservation (a tool call). */
    default LedgerEntry append(LedgerCall call) {
        return settle("", call);
    }

    /** What the entries {@code budget} counts add up to. */
    BudgetAmount spent(BudgetWindow budget);

    /** Entries matching {@code query}, in sequence order. */
    List<LedgerEntry> page(LedgerQuery query);

    /**
     * What entries matching {@code query}'s filters ({@code afterSeq} and {@code limit} aside) add
     * up to, by tenant, agent, model and UTC day, in that order.
     */
    List<UsageRow> usage(LedgerQuery query);

    /**
     * Hands every entry after {@code afterSeq} (at or after {@code from} and before {@code to}, when
     * not null) to {@code each}, in sequence order, a page at a time.
     */
    void scan(long afterSeq, Instant from, Instant to, Consumer<LedgerEntry> each);

    /** Forgets every cached spend, so each is summed from the ledger again; answers how many were dropped. */
    int rebuildSpend();
}
