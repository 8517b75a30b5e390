package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.gateway.Admission;
import dev.cairn.core.gateway.Budget;
import dev.cairn.core.gateway.BudgetSettings;
import dev.cairn.core.gateway.CallResult;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.LedgerGateway;
import dev.cairn.core.gateway.LedgerVerifier;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.gateway.Prices;
import dev.cairn.core.loop.TokenCounter;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.Usage;
import dev.cairn.core.store.BudgetWindow;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.core.store.LedgerQuery;
import dev.cairn.store.postgres.PostgresStore;
import dev.cairn.store.postgres.PostgresStoreOptions;
import dev.cairn.testing.postgres.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ledger gateway of two nodes (two {@link PostgresStore} handles, two pools) on one PostgreSQL
 * database, calling under one tenant budget at once: together they admit exactly the calls that
 * fit, spend no more than the budget, and leave one chain that verifies.
 */
@Timeout(60)
class PostgresBudgetTwoNodesTest {

    /** One token per character, so each call's worst case is known exactly. */
    private static final TokenCounter CHARACTERS = String::length;
    private static final Prices PRICES = new Prices("USD", Map.of(
            Prices.key("scripted", "m"), new Prices.Price(BigDecimal.ONE, BigDecimal.TWO)));
    // "hello" is 4 + 5 tokens in, 100 out at most: 9 * 1 + 100 * 2 = 209 micro-dollars a call
    private static final long PER_CALL = 209;
    private static final int FIT = 9;
    private static final int THREADS_PER_NODE = 8;

    private TestDatabase database;
    private PostgresStore nodeA;
    private PostgresStore nodeB;

    @BeforeEach
    void openTwoNodes() {
        database = TestDatabase.create("budgets");
        nodeA = PostgresStore.open(PostgresStoreOptions.parse(database.storeUrl() + "?pool-size=4"), Clock.systemUTC());
        nodeB = PostgresStore.open(PostgresStoreOptions.parse(database.storeUrl() + "?pool-size=4"), Clock.systemUTC());
    }

    @AfterEach
    void closeNodes() {
        nodeA.close();
        nodeB.close();
        database.close();
    }

    private static LedgerGateway gateway(PostgresStore node) {
        Budget tenantBudget = new Budget("team-cost", Budget.Scope.TENANT, "*", "*", Budget.Period.DAY,
                BudgetWindow.NO_LIMIT, FIT * PER_CALL);
        return LedgerGateway.create(node.ledger(), ModelPolicy.DEFAULT,
                new BudgetSettings(List.of(tenantBudget), PRICES, ZoneOffset.UTC, Duration.ofMinutes(5)), CHARACTERS,
                Clock.systemUTC());
    }

    @Test
    void callsOnTwoNodesUnderOneBudgetAdmitExactlyWhatFitsAndLeaveOneChain() throws Exception {
        List<LedgerGateway> gateways = List.of(gateway(nodeA), gateway(nodeB));
        CallTarget target = new CallTarget("default", "scripted", "m", "", "");
        ChatRequest request = new ChatRequest("m", List.of(new Message.User("hello")), List.of(), 100);
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(2 * THREADS_PER_NODE);
        try (ExecutorService threads = Executors.newFixedThreadPool(2 * THREADS_PER_NODE)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 2 * THREADS_PER_NODE; t++) {
                LedgerGateway gateway = gateways.get(t % 2);
                CallSubject subject = new CallSubject("acme", "helper", 1, "ses_" + t, "run_" + t, "", "", 1,
                        ChatRequest.Purpose.ANSWER);
                done.add(threads.submit(() -> {
                    start.await();
                    while (true) { // each thread calls until it is refused
                        Admission admission = gateway.admit(subject, target, request);
                        if (admission instanceof Admission.Refused refusal) {
                            assertThat(refusal.reason()).isEqualTo(Admission.BUDGET_EXHAUSTED);
                            refused.incrementAndGet();
                            return null;
                        }
                        admitted.incrementAndGet();
                        gateway.settle((Admission.Admitted) admission, new CallResult(CallResult.OK, new Usage(9, 100), 1));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        List<LedgerEntry> entries = nodeB.ledger().page(LedgerQuery.all(1000));
        assertThat(admitted).hasValue(FIT);
        assertThat(refused).hasValue(2 * THREADS_PER_NODE);
        assertThat(entries).hasSize(FIT);
        assertThat(entries.stream().mapToLong(entry -> entry.call().costMicros()).sum()).isEqualTo(FIT * PER_CALL);
        LedgerVerifier.Report report = new LedgerVerifier(nodeA.ledger(), ModelPolicy.DEFAULT).verify(null, null);
        assertThat(report.problems()).isEmpty();
        assertThat(report.entries()).isEqualTo(FIT);
    }
}
