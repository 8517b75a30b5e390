package dev.cairn.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.gateway.LedgerVerifier;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.store.BudgetAmount;
import dev.cairn.core.store.BudgetReservation;
import dev.cairn.core.store.BudgetWindow;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.core.store.LedgerQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes, each with its own {@link PostgresStore} (its own pool) on one database, appending to
 * the one ledger and reserving against the same budgets at once: only the database keeps the chain
 * linear and the budget unbroken.
 */
@Timeout(60)
class PostgresLedgerTwoNodesTest {

    private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");
    private static final int THREADS_PER_NODE = 6;

    @RegisterExtension
    final TestSchema schema = new TestSchema();

    private PostgresStore nodeA;
    private PostgresStore nodeB;

    @BeforeEach
    void openTwoNodes() {
        nodeA = schema.open(Clock.systemUTC());
        nodeB = schema.open(Clock.systemUTC());
    }

    @AfterEach
    void closeNodes() {
        nodeA.close();
        nodeB.close();
    }

    private static LedgerCall call(String agent, long tokens, long costMicros) {
        return call("acme", agent, tokens, costMicros);
    }

    private static LedgerCall call(String tenantId, String agent, long tokens, long costMicros) {
        return new LedgerCall(LedgerCall.MODEL_CALL, tenantId, agent, 1, "ses_" + agent, "run_1", "u1", "internal", 1,
                "answer", "default", "scripted", "echo-1", "", "eu", "api.example.com", 0, "default", tokens, 0,
                costMicros, 5, "ok");
    }

    private static BudgetWindow budget(long costLimit) {
        return new BudgetWindow("daily", "acme", "", "", Instant.EPOCH, FAR, BudgetWindow.NO_LIMIT, costLimit);
    }

    /** Runs {@code task} on THREADS_PER_NODE threads of each node at once, all released together. */
    private <T> List<T> race(NodeTask<T> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2 * THREADS_PER_NODE);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(2 * THREADS_PER_NODE)) {
            for (int t = 0; t < 2 * THREADS_PER_NODE; t++) {
                PostgresStore node = t % 2 == 0 ? nodeA : nodeB;
                String name = (t % 2 == 0 ? "a" : "b") + t;
                futures.add(executor.submit(() -> {
                    start.await();
                    return task.run(node, name);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    @FunctionalInterface
    private interface NodeTask<T> {
        T run(PostgresStore node, String name) throws Exception;
    }

    @Test
    void appendsFromManyThreadsOnTwoNodesFormOneChainThatVerifies() throws Exception {
        int each = 15;

        race((node, name) -> {
            for (int i = 0; i < each; i++) {
                node.ledger().append(call(name, 1, 1));
            }
            return null;
        });

        LedgerVerifier.Report report = new LedgerVerifier(nodeB.ledger(), ModelPolicy.DEFAULT).verify(null, null);
        assertThat(report.problems()).isEmpty();
        assertThat(report.intact()).isTrue();
        assertThat(report.entries()).isEqualTo(2L * THREADS_PER_NODE * each);
        assertThat(report.lastSeq()).isEqualTo(2L * THREADS_PER_NODE * each);
        List<LedgerEntry> fromA = nodeA.ledger().page(LedgerQuery.all(1000));
        assertThat(fromA).extracting(entry -> entry.call().agent()).filteredOn(agent -> agent.startsWith("a"))
                .hasSize(THREADS_PER_NODE * each);
    }

    @Test
    void reservationsOnTwoNodesAdmitExactlyAsManyCallsAsFitAndNeverOverspend() throws Exception {
        int fit = 5;
        for (int round = 0; round < 8; round++) {
            String tenant = "tenant" + round;
            BudgetWindow budget = new BudgetWindow("daily", tenant, "", "", Instant.EPOCH, FAR, BudgetWindow.NO_LIMIT,
                    fit * 100L);
            String prefix = "r" + round + "_";
            AtomicInteger settled = new AtomicInteger();

            List<Boolean> outcomes = race((node, name) -> {
                BudgetReservation reservation = node.ledger().reserve(prefix + name, List.of(budget),
                        new BudgetAmount(1, 100), FAR);
                if (reservation instanceof BudgetReservation.Reserved && name.endsWith("0")) {
                    node.ledger().settle(prefix + name, call(tenant, name, 1, 100));
                    settled.incrementAndGet();
                }
                return reservation instanceof BudgetReservation.Reserved;
            });

            assertThat(outcomes).as("round %d", round).filteredOn(Boolean::booleanValue).hasSize(fit);
            assertThat(nodeA.ledger().spent(budget)).isEqualTo(new BudgetAmount(settled.get(), settled.get() * 100L));
            assertThat(nodeB.ledger().reserve("late" + round, List.of(budget), new BudgetAmount(0, 1), FAR))
                    .isInstanceOf(BudgetReservation.Exhausted.class);
        }
    }

    @Test
    void settlementsRacingOnTwoNodesKeepTheCachedSpendEqualToTheLedgersSum() throws Exception {
        BudgetWindow budget = budget(BudgetWindow.NO_LIMIT);

        race((node, name) -> {
            for (int i = 0; i < 10; i++) {
                String id = "res_" + name + "_" + i;
                node.ledger().reserve(id, List.of(budget), new BudgetAmount(3, 70), FAR);
                node.ledger().settle(id, call(name, 2, 30 + i));
            }
            return null;
        });

        long sum = nodeA.ledger().page(LedgerQuery.all(1000)).stream().mapToLong(entry -> entry.call().costMicros()).sum();
        assertThat(nodeB.ledger().spent(budget)).isEqualTo(new BudgetAmount(2 * 2L * THREADS_PER_NODE * 10, sum));
        assertThat(nodeA.ledger().rebuildSpend()).isEqualTo(1);
        assertThat(nodeB.ledger().spent(budget)).isEqualTo(new BudgetAmount(2 * 2L * THREADS_PER_NODE * 10, sum));
    }

    @Test
    void aBudgetsFirstSumTakenWhileTheOtherNodeAppendsMissesNoEntryAndCountsNoneTwice() throws Exception {
        for (int round = 0; round < 10; round++) {
            BudgetWindow budget = new BudgetWindow("r" + round, "acme", "", "", Instant.EPOCH.plusMillis(round), FAR,
                    BudgetWindow.NO_LIMIT, BudgetWindow.NO_LIMIT);

            race((node, name) -> {
                if (node == nodeA) {
                    for (int i = 0; i < 3; i++) {
                        node.ledger().append(call(name, 1, 1));
                    }
                } else {
                    node.ledger().reserve("res_" + name, List.of(budget), BudgetAmount.ZERO, FAR);
                }
                return null;
            });

            long entries = nodeA.ledger().page(LedgerQuery.all(10_000)).size();
            assertThat(nodeB.ledger().spent(budget)).as("round %d", round).isEqualTo(new BudgetAmount(entries, entries));
        }
    }

    @Test
    void aReservationOnOneNodeDropsLapsedReservationsOfBudgetsNobodyReservesAgainst() throws Exception {
        BudgetWindow yesterday = new BudgetWindow("daily", "acme", "", "", Instant.EPOCH, Instant.EPOCH.plusSeconds(86_400),
                BudgetWindow.NO_LIMIT, BudgetWindow.NO_LIMIT);
        nodeA.ledger().reserve("died_with_its_node", List.of(yesterday), new BudgetAmount(1, 1),
                Instant.now().plusMillis(300));
        assertThat(reservationRows()).isEqualTo(1);
        Thread.sleep(400);

        nodeB.ledger().reserve("today", List.of(budget(BudgetWindow.NO_LIMIT)), new BudgetAmount(1, 1), FAR);

        assertThat(reservationRows()).as("only today's reservation is left").isEqualTo(1);
        try (java.sql.Connection connection = schema.connect();
             java.sql.ResultSet row = connection.createStatement().executeQuery(
                     "SELECT reservation_id FROM budget_reservations")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("today");
        }
    }

    private long reservationRows() throws Exception {
        try (java.sql.Connection connection = schema.connect();
             java.sql.ResultSet row = connection.createStatement().executeQuery("SELECT count(*) FROM budget_reservations")) {
            row.next();
            return row.getLong(1);
        }
    }
}
