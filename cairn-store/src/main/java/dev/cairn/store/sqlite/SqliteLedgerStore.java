package dev.cairn.store.sqlite;

import dev.cairn.core.store.BudgetAmount;
import dev.cairn.core.store.BudgetReservation;
import dev.cairn.core.store.BudgetWindow;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerChain;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.core.store.LedgerQuery;
import dev.cairn.core.store.LedgerStore;
import dev.cairn.core.store.StoreException;
import dev.cairn.core.store.UsageRow;
import dev.cairn.store.jdbc.Rows;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The ledger and budgets in the {@code ledger}, {@code budget_spend} and {@code budget_reservations}
 * tables. Reservations and appends are write tasks of the group-commit writer, so each runs inside
 * a transaction holding SQLite's write lock: two reservations, in this process or another, never
 * both take the last room of a budget, and each append reads the chain's head and writes the next
 * link with no other append in between. Reads go through the read pool.
 */
final class SqliteLedgerStore implements LedgerStore {

    private static final int SCAN_PAGE = 10_000;
    private static final String SPEND = "SELECT tokens, cost_micros FROM budget_spend WHERE budget_key = ?";
    private static final String SUM = """
            SELECT coalesce(sum(tokens_in + tokens_out), 0), coalesce(sum(cost_micros), 0) FROM ledger
            WHERE tenant_id = ? AND (? = '' OR agent = ?) AND (? = '' OR session_id = ?) AND time >= ? AND time < ?""";
    private static final String CACHE_SPEND = """
            INSERT INTO budget_spend (budget_key, tenant_id, agent, session_id, window_from, window_to, tokens, cost_micros)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String ADD_SPEND = """
            UPDATE budget_spend SET tokens = tokens + ?, cost_micros = cost_micros + ?
            WHERE tenant_id = ? AND window_from <= ? AND window_to > ? AND agent IN ('', ?) AND session_id IN ('', ?)""";
    private static final String RESERVED = """
            SELECT coalesce(sum(tokens), 0), coalesce(sum(cost_micros), 0) FROM budget_reservations
            WHERE budget_key = ? AND expires_at > ?""";
    private static final String RESERVE = """
            INSERT INTO budget_reservations (reservation_id, budget_key, tokens, cost_micros, expires_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (reservation_id, budget_key) DO UPDATE SET tokens = excluded.tokens,
            cost_micros = excluded.cost_micros, expires_at = excluded.expires_at""";
    private static final String DROP_LAPSED = "DELETE FROM budget_reservations WHERE expires_at <= ?";
    private static final String RELEASE = "DELETE FROM budget_reservations WHERE reservation_id = ?";
    private static final String USAGE = """
            SELECT tenant_id, agent, CASE kind WHEN 'tool_call' THEN tool ELSE model END AS what,
            date(time / 1000, 'unixepoch') AS day, count(*), sum(tokens_in), sum(tokens_out), sum(cost_micros)
            FROM ledger%s GROUP BY tenant_id, agent, what, day ORDER BY tenant_id, agent, what, day""";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteLedgerStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public BudgetReservation reserve(String reservationId, List<BudgetWindow> budgets, BudgetAmount asked,
                                     Instant expiresAt) {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(asked, "asked");
        Objects.requireNonNull(expiresAt, "expiresAt");
        List<BudgetWindow> windows = List.copyOf(budgets);
        return StoreException.join(writer.submit(transaction -> {
            long now = Rows.millis(transaction.now());
            transaction.update(DROP_LAPSED, now);
            for (BudgetWindow window : windows) {
                BudgetAmount spent = spent(transaction, window);
                BudgetAmount reserved = transaction.first(RESERVED, LedgerRows::amount, window.key(), now)
                        .orElse(BudgetAmount.ZERO);
                if (!window.admits(spent, reserved, asked)) {
                    return new BudgetReservation.Exhausted(window, spent, reserved, asked);
                }
            }
            for (BudgetWindow window : windows) {
                transaction.update(RESERVE, reservationId, window.key(), asked.tokens(), asked.costMicros(),
                        Rows.millis(expiresAt));
            }
            return new BudgetReservation.Reserved(reservationId);
        }));
    }

    @Override
    public LedgerEntry settle(String reservationId, LedgerCall call) {
        return StoreException.join(settleInOrder(reservationId, call));
    }

    /** Queued on the store's one writer, which commits writes in the order they were queued. */
    @Override
    public CompletableFuture<LedgerEntry> settleInOrder(String reservationId, LedgerCall call) {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(call, "call");
        return writer.submit(transaction -> {
            LedgerEntry entry = append(transaction, call);
            if (call.totalTokens() > 0 || call.costMicros() > 0) {
                long time = entry.time().toEpochMilli();
                transaction.update(ADD_SPEND, call.totalTokens(), call.costMicros(), call.tenantId(), time, time,
                        call.agent(), call.sessionId());
            }
            if (!reservationId.isEmpty()) {
                transaction.update(RELEASE, reservationId);
            }
            return entry;
        });
    }

    private static LedgerEntry append(WriteTransaction transaction, LedgerCall call) throws SQLException {
        String[] head = transaction.first(LedgerRows.HEAD, row -> new String[] {row.getString(1), row.getString(2)})
                .orElse(new String[] {"0", LedgerChain.GENESIS});
        long seq = Long.parseLong(head[0]) + 1;
        Instant time = transaction.now();
        LedgerEntry entry = new LedgerEntry(seq, time, call, head[1], LedgerChain.hash(seq, time, call, head[1]));
        transaction.update(LedgerRows.INSERT, LedgerRows.values(entry));
        return entry;
    }

    /** The window's cached spend, summed from the ledger and cached first when it is not. */
    private static BudgetAmount spent(WriteTransaction transaction, BudgetWindow window) throws SQLException {
        var cached = transaction.first(SPEND, LedgerRows::amount, window.key());
        if (cached.isPresent()) {
            return cached.get();
        }
        BudgetAmount sum = transaction.first(SUM, LedgerRows::amount, sumParameters(window)).orElseThrow();
        transaction.update(CACHE_SPEND, window.key(), window.tenantId(), window.agent(), window.sessionId(),
                Rows.millis(window.from()), Rows.millis(window.to()), sum.tokens(), sum.costMicros());
        return sum;
    }

    private static Object[] sumParameters(BudgetWindow window) {
        return new Object[] {window.tenantId(), window.agent(), window.agent(), window.sessionId(), window.sessionId(),
                Rows.millis(window.from()), Rows.millis(window.to())};
    }

    @Override
    public BudgetAmount spent(BudgetWindow budget) {
        return readers.first(SPEND, LedgerRows::amount, budget.key())
                .orElseGet(() -> readers.first(SUM, LedgerRows::amount, sumParameters(budget)).orElseThrow());
    }

    @Override
    public List<LedgerEntry> page(LedgerQuery query) {
        LedgerRows.Filter filter = LedgerRows.filter(query);
        List<Object> parameters = new ArrayList<>(filter.parameters());
        parameters.add(query.limit());
        return readers.list("SELECT " + LedgerRows.COLUMNS + " FROM ledger" + filter.where() + " ORDER BY seq LIMIT ?",
                LedgerRows::decode, parameters.toArray());
    }

    @Override
    public List<UsageRow> usage(LedgerQuery query) {
        LedgerRows.Filter filter = LedgerRows.filter(query.after(0));
        return readers.list(USAGE.formatted(filter.where()), row -> new UsageRow(row.getString(1), row.getString(2),
                row.getString(3), LocalDate.parse(row.getString(4)), row.getLong(5), row.getLong(6), row.getLong(7),
                row.getLong(8)), filter.parameters().toArray());
    }

    @Override
    public void scan(long afterSeq, Instant from, Instant to, Consumer<LedgerEntry> each) {
        LedgerQuery query = new LedgerQuery(null, null, null, null, from, to, afterSeq, SCAN_PAGE);
        while (true) {
            LedgerRows.Filter filter = LedgerRows.filter(query);
            List<Object> parameters = new ArrayList<>(filter.parameters());
            parameters.add(SCAN_PAGE);
            List<LedgerEntry> page = readers.list("SELECT " + LedgerRows.AS_ARRAY + " FROM ledger" + filter.where()
                    + " ORDER BY seq LIMIT ?", LedgerRows::decodeArray, parameters.toArray());
            page.forEach(each);
            if (page.size() < SCAN_PAGE) {
                return;
            }
            query = query.after(page.getLast().seq());
        }
    }

    @Override
    public int rebuildSpend() {
        return StoreException.join(writer.submit(transaction -> transaction.update("DELETE FROM budget_spend")));
    }
}
