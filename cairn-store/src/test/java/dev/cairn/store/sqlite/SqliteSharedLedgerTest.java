package dev.cairn.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.store.BudgetAmount;
import dev.cairn.core.store.BudgetReservation;
import dev.cairn.core.store.BudgetWindow;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerChain;
import dev.cairn.core.store.LedgerEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores on one file, as two Cairn processes on one data folder: their appends form one
 * linear chain, and their reservations share every budget's room.
 */
class SqliteSharedLedgerTest {

    private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");

    @TempDir
    Path directory;

    /** Runs {@code work} on 8 threads for each of the two stores. */
    private static void onBothStores(SqliteStore first, SqliteStore second, Work work) throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                SqliteStore store = t % 2 == 0 ? first : second;
                int thread = t;
                done.add(threads.submit(() -> {
                    work.run(store, thread);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(SqliteStore store, int thread) throws Exception;
    }

    @Test
    void appendsFromTwoStoresOnOneFileFormOneLinearChain() throws Exception {
        Path file = directory.resolve("cairn.db");
        try (SqliteStore first = SqliteStore.open(file, Clock.systemUTC());
             SqliteStore second = SqliteStore.open(file, Clock.systemUTC())) {
            onBothStores(first, second, (store, thread) -> {
                for (int i = 0; i < 10; i++) {
                    store.ledger().append(call("agent_" + thread));
                }
            });

            List<LedgerEntry> entries = new ArrayList<>();
            first.ledger().scan(0, null, null, entries::add);
            assertThat(entries).hasSize(160);
            String previous = LedgerChain.GENESIS;
            for (int i = 0; i < entries.size(); i++) {
                assertThat(entries.get(i).seq()).isEqualTo(i + 1);
                assertThat(entries.get(i).prevHash()).isEqualTo(previous);
                assertThat(LedgerChain.intact(entries.get(i))).isTrue();
                previous = entries.get(i).hash();
            }
        }
    }

    @Test
    void reservationsFromTwoStoresOnOneFileShareTheBudget() throws Exception {
        Path file = directory.resolve("cairn.db");
        BudgetWindow budget = new BudgetWindow("shared", "tenant_a", "", "", Instant.EPOCH, FAR, BudgetWindow.NO_LIMIT, 500);
        AtomicInteger reserved = new AtomicInteger();
        try (SqliteStore first = SqliteStore.open(file, Clock.systemUTC());
             SqliteStore second = SqliteStore.open(file, Clock.systemUTC())) {
            onBothStores(first, second, (store, thread) -> {
                if (store.ledger().reserve("res_" + thread, List.of(budget), new BudgetAmount(1, 100), FAR)
                        instanceof BudgetReservation.Reserved) {
                    reserved.incrementAndGet();
                }
            });
        }
        assertThat(reserved).hasValue(5);
    }

    private static LedgerCall call(String agent) {
        return new LedgerCall(LedgerCall.MODEL_CALL, "tenant_a", agent, 1, "ses_" + agent, "run_1", "", "", 1, "answer",
                "default", "scripted", "m", "", "", "", 0, "default", 1, 1, 1, 1, "ok");
    }
}
