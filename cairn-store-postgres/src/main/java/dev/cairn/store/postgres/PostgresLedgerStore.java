package dev.cairn.store.postgres;

import dev.cairn.core.store.BudgetAmount;
import dev.cairn.core.store.BudgetReservation;
import dev.cairn.core.store.BudgetWindow;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerChain;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.core.store.LedgerQuery;
import dev.cairn.core.store.LedgerStore;
import dev.cairn.core.store.UsageRow;
import dev.cairn.store.jdbc.Rows;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The ledger and budgets in the {@code ledger}, {@code ledger_chain}, {@code budget_spend} and
 * {@code budget_reservations} tables, shared by every node. Locks, always taken in this order so
 * no two writes wait for each other in a circle:
 * <ol>
 *   <li>the one row of {@code ledger_chain}: {@code FOR UPDATE} by an append, which then reads the
 *       last entry and writes the next, so appends of all nodes take turns; {@code FOR SHARE} by a
 *       reservation that sums the ledger into a budget's first {@code budget_spend} row, so no
 *       append it would miss is in flight;</li>
 *   <li>each budget's {@code budget_spend} row, {@code FOR UPDATE} in key order: a reservation holds
 *       them while it sums what is reserved and adds its own, and a settlement while it adds its
 *       entry to the spend, so two nodes never both take a budget's last room;</li>
 *   <li>rows of {@code budget_reservations}, written and deleted under their budget's lock or by
 *       the settlement of their own reservation; a successful reservation also deletes a few lapsed
 *       rows of any budget last, passing over locked ones ({@code SKIP LOCKED}), so windows nobody
 *       reserves against again do not keep the reservations of nodes that died.</li>
 * </ol>
 * Reads take no lock. Expiry is judged with the store's clock.
 */
final class PostgresLedgerStore implements LedgerStore {

    private static final int SCAN_PAGE = 10_000;
    private static final String LOCK_CHAIN = "SELECT id FROM ledger_chain WHERE id = 1 FOR UPDATE";
    private static final String HOLD_CHAIN = "SELECT id FROM ledger_chain WHERE id = 1 FOR SHARE";
    private static final String SPEND = "SELECT tokens, cost_micros FROM budget_spend WHERE budget_key = ?";
    private static final String LOCK_SPEND = SPEND + " FOR UPDATE";
    private static final String SUM = """
            SELECT coalesce(sum(tokens_in + tokens_out), 0), coalesce(sum(cost_micros), 0) FROM ledger
            WHERE tenant_id = ? AND (? = '' OR agent = ?) AND (? = '' OR session_id = ?) AND time >= ? AND time < ?""";
    private static final String CACHE_SPEND = """
            INSERT INTO budget_spend (budget_key, tenant_id, agent, session_id, window_from, window_to, tokens, cost_micros)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (budget_key) DO NOTHING""";
    private static final String COUNTING = """
            FROM budget_spend WHERE tenant_id = ? AND window_from <= ? AND window_to > ? AND agent IN ('', ?)
            AND session_id IN ('', ?)""";
    private static final String LOCK_COUNTING = "SELECT budget_key " + COUNTING + " ORDER BY budget_key FOR UPDATE";
    private static final String ADD_SPEND = "UPDATE budget_spend SET tokens = tokens + ?, cost_micros = cost_micros + ?"
            + " WHERE budget_key IN (SELECT budget_key " + COUNTING + ")";
    private static final String RESERVED = """
            SELECT coalesce(sum(tokens), 0), coalesce(sum(cost_micros), 0) FROM budget_reservations
            WHERE budget_key = ? AND expires_at > ?""";
    private static final String RESERVE = """
            INSERT INTO budget_reservations (reservation_id, budget_key, tokens, cost_micros, expires_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (reservation_id, budget_key) DO UPDATE SET tokens = excluded.tokens,
            cost_micros = excluded.cost_micros, expires_at = excluded.expires_at""";
    private static final String DROP_LAPSED = "DELETE FROM budget_reservations WHERE budget_key = ? AND expires_at <= ?";
    /** Lapsed reservations of any budget, a few at a time, passing over rows another write holds. */
    private static final String DROP_SOME_LAPSED = """
            DELETE FROM budget_reservations WHERE (reservation_id, budget_key) IN (
            SELECT reservation_id, budget_key FROM budget_reservations WHERE expires_at <= ?
            LIMIT 100 FOR UPDATE SKIP LOCKED)""";
    private static final String RELEASE = "DELETE FROM budget_reservations WHERE reservation_id = ?";
    private static final String USAGE = """
            SELECT tenant_id, agent, CASE kind WHEN 'tool_call' THEN tool ELSE model END AS what,
            to_char(to_timestamp(time / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*), sum(tokens_in),
            sum(tokens_out), sum(cost_micros)
            FROM ledger%s GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""";

    private final Database database;

    PostgresLedgerStore(Database database) {
        this.database = database;
    }

    @Override
    public BudgetReservation reserve(String reservationId, List<BudgetWindow> budgets, BudgetAmount asked,
                                     Instant expiresAt) {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(asked, "asked");
        Objects.requireNonNull(expiresAt, "expiresAt");
        List<BudgetWindow> windows = List.copyOf(budgets);
        TreeMap<String, BudgetWindow> byKey = new TreeMap<>();
        windows.forEach(window -> byKey.putIfAbsent(window.key(), window));
        return database.write(transaction -> {
            long now = Rows.millis(transaction.now());
            cacheMissingSpends(transaction, byKey);
            TreeMap<String, BudgetAmount> spent = new TreeMap<>();
            for (String key : byKey.keySet()) {
                spent.put(key, transaction.first(LOCK_SPEND, LedgerRows::amount, key).orElseThrow());
                transaction.update(DROP_LAPSED, key, now);
            }
            for (BudgetWindow window : windows) {
                BudgetAmount reserved = transaction.first(RESERVED, LedgerRows::amount, window.key(), now)
                        .orElse(BudgetAmount.ZERO);
                if (!window.admits(spent.get(window.key()), reserved, asked)) {
                    return new BudgetReservation.Exhausted(window, spent.get(window.key()), reserved, asked);
                }
            }
            for (String key : byKey.keySet()) {
                transaction.update(RESERVE, reservationId, key, asked.tokens(), asked.costMicros(), Rows.millis(expiresAt));
            }
            transaction.update(DROP_SOME_LAPSED, now);
            return new BudgetReservation.Reserved(reservationId);
        });
    }

    /**
     * Sums the ledger into a {@code budget_spend} row for each window that has none, holding the
     * chain's lock in share mode first: appends in flight commit before the sums are taken, and
     * appends after them wait until these rows are committed, so each is counted exactly once.
     */
    private static void cacheMissingSpends(Transaction transaction, TreeMap<String, BudgetWindow> byKey)
            throws SQLException {
        List<BudgetWindow> missing = new ArrayList<>();
        for (BudgetWindow window : byKey.values()) {
            if (transaction.first(SPEND, LedgerRows::amount, window.key()).isEmpty()) {
                missing.add(window);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        transaction.first(HOLD_CHAIN, row -> row.getInt(1));
        for (BudgetWindow window : missing) {
            BudgetAmount sum = transaction.first(SUM, LedgerRows::amount, sumParameters(window)).orElseThrow();
            transaction.update(CACHE_SPEND, window.key(), window.tenantId(), window.agent(), window.sessionId(),
                    Rows.millis(window.from()), Rows.millis(window.to()), sum.tokens(), sum.costMicros());
        }
    }

    @Override
    public LedgerEntry settle(String reservationId, LedgerCall call) {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(call, "call");
        return database.write(transaction -> {
            LedgerEntry entry = append(transaction, call);
            if (call.totalTokens() > 0 || call.costMicros() > 0) {
                long time = entry.time().toEpochMilli();
                Object[] counting = {call.tenantId(), time, time, call.agent(), call.sessionId()};
                transaction.list(LOCK_COUNTING, row -> row.getString(1), counting);
                transaction.update(ADD_SPEND, call.totalTokens(), call.costMicros(), counting[0], counting[1],
                        counting[2], counting[3], counting[4]);
            }
            if (!reservationId.isEmpty()) {
                transaction.update(RELEASE, reservationId);
            }
            return entry;
        });
    }

    private static LedgerEntry append(Transaction transaction, LedgerCall call) throws SQLException {
        transaction.first(LOCK_CHAIN, row -> row.getInt(1));
        String[] head = transaction.first(LedgerRows.HEAD, row -> new String[] {row.getString(1), row.getString(2)})
                .orElse(new String[] {"0", LedgerChain.GENESIS});
        long seq = Long.parseLong(head[0]) + 1;
        Instant time = transaction.now();
        LedgerEntry entry = new LedgerEntry(seq, time, call, head[1], LedgerChain.hash(seq, time, call, head[1]));
        transaction.update(LedgerRows.INSERT, LedgerRows.values(entry));
        return entry;
    }

    private static Object[] sumParameters(BudgetWindow window) {
        return new Object[] {window.tenantId(), window.agent(), window.agent(), window.sessionId(), window.sessionId(),
                Rows.millis(window.from()), Rows.millis(window.to())};
    }

    @Override
    public BudgetAmount spent(BudgetWindow budget) {
        return database.first(SPEND, LedgerRows::amount, budget.key())
                .orElseGet(() -> database.first(SUM, LedgerRows::amount, sumParameters(budget)).orElseThrow());
    }

    @Override
    public List<LedgerEntry> page(LedgerQuery query) {
        LedgerRows.Filter filter = LedgerRows.filter(query);
        List<Object> parameters = new ArrayList<>(filter.parameters());
        parameters.add(query.limit());
        return database.list("SELECT " + LedgerRows.COLUMNS + " FROM ledger" + filter.where() + " ORDER BY seq LIMIT ?",
                LedgerRows::decode, parameters.toArray());
    }

    @Override
    public List<UsageRow> usage(LedgerQuery query) {
        LedgerRows.Filter filter = LedgerRows.filter(query.after(0));
        return database.list(USAGE.formatted(filter.where()), row -> new UsageRow(row.getString(1), row.getString(2),
                row.getString(3), LocalDate.parse(row.getString(4)), row.getLong(5), row.getLong(6), row.getLong(7),
                row.getLong(8)), filter.parameters().toArray());
    }

    @Override
    public void scan(long afterSeq, Instant from, Instant to, Consumer<LedgerEntry> each) {
        LedgerQuery query = new LedgerQuery(null, null, null, null, from, to, afterSeq, SCAN_PAGE);
        while (true) {
            List<LedgerEntry> page = page(query);
            page.forEach(each);
            if (page.size() < SCAN_PAGE) {
                return;
            }
            query = query.after(page.getLast().seq());
        }
    }

    @Override
    public int rebuildSpend() {
        return database.write(transaction -> transaction.update("DELETE FROM budget_spend"));
    }
}
