package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.store.BudgetAmount;
import dev.cairn.core.store.BudgetReservation;
import dev.cairn.core.store.BudgetWindow;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerChain;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.core.store.LedgerQuery;
import dev.cairn.core.store.LedgerStore;
import dev.cairn.core.store.UsageRow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LedgerStore} must do: a linear hash chain however many threads append, pages,
 * usage and scans that filter as asked, reservations that never let a budget's spent plus
 * reserved pass its limit, settlements that move a reservation into the spend, spend derived from
 * the ledger across restarts and rebuilds, and reservations that lapse.
 */
public abstract class LedgerStoreContract extends StoreContract {

    private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");
    private static final Duration HOLD = Duration.ofMinutes(5);

    private LedgerStore ledger() {
        return store.ledger();
    }

    protected static LedgerCall modelCall(String tenantId, String agent, String sessionId, long tokensIn, long tokensOut,
                                          long costMicros) {
        return new LedgerCall(LedgerCall.MODEL_CALL, tenantId, agent, 1, sessionId, "run_1", "user_1", "internal", 1,
                "answer", "default", "scripted", "echo-1", "", "eu-west", "api.example.com", 3, "allow-eu", tokensIn,
                tokensOut, costMicros, 12, "ok");
    }

    private static LedgerCall toolCall(String tenantId, String agent, String tool) {
        return new LedgerCall(LedgerCall.TOOL_CALL, tenantId, agent, 1, "ses_1", "run_1", "", "", 2, "", "", "", "", tool,
                "", "", 0, "", 0, 0, 0, 40, "ok");
    }

    private static BudgetWindow window(String agent, long tokenLimit, long costLimit) {
        return new BudgetWindow("daily", TENANT, agent, "", START, FAR, tokenLimit, costLimit);
    }

    @Test
    void aSettlementQueuedInOrderIsDurableBeforeAnyLaterWriteReturns() throws Exception {
        CompletableFuture<LedgerEntry> queued = ledger().settleInOrder("", modelCall(TENANT, "helper", "ses_1", 3, 4, 5));
        LedgerEntry later = ledger().append(toolCall(TENANT, "helper", "http_get"));

        assertThat(queued).as("a write made after it returns only once the queued settlement is stored").isDone();
        assertThat(queued.get().seq()).isEqualTo(later.seq() - 1);
        reopenStore();
        assertThat(ledger().page(LedgerQuery.all(10))).containsExactly(queued.get(), later);
    }

    @Test
    void entriesFormAHashChainFromTheGenesis() {
        LedgerEntry first = ledger().append(modelCall(TENANT, "helper", "ses_1", 10, 5, 300));
        clock.advance(Duration.ofSeconds(1));
        LedgerEntry second = ledger().append(toolCall(TENANT, "helper", "http.get"));

        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo(LedgerChain.GENESIS);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(second.time()).isEqualTo(START.plusSeconds(1));
        assertThat(ledger().page(LedgerQuery.all(10))).containsExactly(first, second)
                .allSatisfy(entry -> assertThat(LedgerChain.intact(entry)).isTrue());
    }

    @Test
    void concurrentAppendsKeepTheChainLinear() throws Exception {
        int threads = 16;
        int each = 10;
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String agent = "agent_" + t;
                done.add(executor.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        ledger().append(modelCall(TENANT, agent, "ses_" + agent, 1, 1, 1));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        List<LedgerEntry> entries = new ArrayList<>();
        ledger().scan(0, null, null, entries::add);
        assertThat(entries).hasSize(threads * each);
        String previous = LedgerChain.GENESIS;
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry entry = entries.get(i);
            assertThat(entry.seq()).isEqualTo(i + 1);
            assertThat(entry.prevHash()).isEqualTo(previous);
            assertThat(LedgerChain.intact(entry)).isTrue();
            previous = entry.hash();
        }
    }

    @Test
    void pagesFilterByTenantAgentSessionRunAndTime() {
        ledger().append(modelCall(TENANT, "helper", "ses_1", 1, 1, 1));
        ledger().append(modelCall(OTHER_TENANT, "helper", "ses_2", 1, 1, 1));
        clock.advance(Duration.ofHours(1));
        ledger().append(modelCall(TENANT, "triage", "ses_3", 1, 1, 1));
        ledger().append(modelCall(TENANT, "helper", "ses_1", 1, 1, 1));

        assertThat(seqs(new LedgerQuery(TENANT, null, null, null, null, null, 0, 10))).containsExactly(1L, 3L, 4L);
        assertThat(seqs(new LedgerQuery(TENANT, "helper", null, null, null, null, 0, 10))).containsExactly(1L, 4L);
        assertThat(seqs(new LedgerQuery(null, null, "ses_3", null, null, null, 0, 10))).containsExactly(3L);
        assertThat(seqs(new LedgerQuery(null, null, null, "run_1", START.plusSeconds(1), null, 0, 10)))
                .containsExactly(3L, 4L);
        assertThat(seqs(new LedgerQuery(null, null, null, null, null, START.plusSeconds(1), 0, 10))).containsExactly(1L, 2L);
        assertThat(seqs(new LedgerQuery(TENANT, null, null, null, null, null, 1, 1))).containsExactly(3L);
    }

    @Test
    void usageSumsByTenantAgentModelAndDay() {
        ledger().append(modelCall(TENANT, "helper", "ses_1", 10, 5, 300));
        ledger().append(modelCall(TENANT, "helper", "ses_1", 20, 5, 400));
        ledger().append(toolCall(TENANT, "helper", "http.get"));
        clock.advance(Duration.ofDays(1));
        ledger().append(modelCall(TENANT, "helper", "ses_1", 1, 1, 7));
        ledger().append(modelCall(OTHER_TENANT, "helper", "ses_2", 1, 1, 7));

        List<UsageRow> usage = ledger().usage(new LedgerQuery(TENANT, null, null, null, null, null, 0, 1));

        LocalDate day = LocalDate.of(2025, 3, 1);
        assertThat(usage).containsExactly(
                new UsageRow(TENANT, "helper", "echo-1", day, 2, 30, 10, 700),
                new UsageRow(TENANT, "helper", "echo-1", day.plusDays(1), 1, 1, 1, 7),
                new UsageRow(TENANT, "helper", "http.get", day, 1, 0, 0, 0));
    }

    @Test
    void scanHandsOverEveryEntryInOrderWithinTheTimeRange() {
        for (int i = 0; i < 25; i++) {
            ledger().append(modelCall(TENANT, "helper", "ses_1", 1, 1, 1));
            clock.advance(Duration.ofSeconds(1));
        }
        List<Long> seen = new ArrayList<>();

        ledger().scan(3, START.plusSeconds(5), START.plusSeconds(20), entry -> seen.add(entry.seq()));

        assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(6, 20).boxed().toList());
    }

    @Test
    void aReservationFailsWhenSpentPlusReservedPlusAskedPassesTheLimitAndReservesNothingThen() {
        BudgetWindow budget = window("helper", BudgetWindow.NO_LIMIT, 1_000);
        BudgetWindow roomy = window("", BudgetWindow.NO_LIMIT, 1_000_000);
        ledger().append(modelCall(TENANT, "helper", "ses_1", 10, 10, 400));

        BudgetReservation first = ledger().reserve("res_1", List.of(roomy, budget), new BudgetAmount(20, 300),
                clock.instant().plus(HOLD));
        BudgetReservation second = ledger().reserve("res_2", List.of(roomy, budget), new BudgetAmount(20, 301),
                clock.instant().plus(HOLD));
        BudgetReservation exact = ledger().reserve("res_3", List.of(roomy, budget), new BudgetAmount(20, 300),
                clock.instant().plus(HOLD));

        assertThat(first).isEqualTo(new BudgetReservation.Reserved("res_1"));
        assertThat(second).isEqualTo(new BudgetReservation.Exhausted(budget, new BudgetAmount(20, 400),
                new BudgetAmount(20, 300), new BudgetAmount(20, 301)));
        assertThat(exact).isEqualTo(new BudgetReservation.Reserved("res_3"));
        assertThat(ledger().reserve("res_4", List.of(roomy), new BudgetAmount(1, 1), clock.instant().plus(HOLD)))
                .isInstanceOf(BudgetReservation.Reserved.class);
    }

    @Test
    void aTokenLimitIsKeptLikeACostLimit() {
        BudgetWindow budget = window("", 100, BudgetWindow.NO_LIMIT);

        assertThat(ledger().reserve("res_1", List.of(budget), new BudgetAmount(100, 0), FAR))
                .isInstanceOf(BudgetReservation.Reserved.class);
        assertThat(ledger().reserve("res_2", List.of(budget), new BudgetAmount(1, 0), FAR))
                .isInstanceOf(BudgetReservation.Exhausted.class);
    }

    @Test
    void settlingReplacesTheReservationWithTheActualSpend() {
        BudgetWindow budget = window("helper", BudgetWindow.NO_LIMIT, 1_000);
        ledger().reserve("res_1", List.of(budget), new BudgetAmount(50, 900), clock.instant().plus(HOLD));

        LedgerEntry settled = ledger().settle("res_1", modelCall(TENANT, "helper", "ses_1", 10, 5, 200));

        assertThat(settled.call().costMicros()).isEqualTo(200);
        assertThat(ledger().spent(budget)).isEqualTo(new BudgetAmount(15, 200));
        assertThat(ledger().reserve("res_2", List.of(budget), new BudgetAmount(1, 800), clock.instant().plus(HOLD)))
                .isInstanceOf(BudgetReservation.Reserved.class);
    }

    @Test
    void aWindowCountsOnlyItsTenantAgentSessionAndTime() {
        ledger().append(modelCall(TENANT, "helper", "ses_1", 1, 1, 100));
        ledger().append(modelCall(TENANT, "triage", "ses_2", 1, 1, 20));
        ledger().append(modelCall(OTHER_TENANT, "helper", "ses_3", 1, 1, 3));
        clock.advance(Duration.ofDays(1));
        ledger().append(modelCall(TENANT, "helper", "ses_1", 1, 1, 4000));
        Instant dayEnd = START.plus(Duration.ofDays(1));

        assertThat(ledger().spent(new BudgetWindow("t", TENANT, "", "", START, dayEnd, -1, -1)).costMicros())
                .isEqualTo(120);
        assertThat(ledger().spent(new BudgetWindow("a", TENANT, "helper", "", START, FAR, -1, -1)).costMicros())
                .isEqualTo(4100);
        assertThat(ledger().spent(new BudgetWindow("s", TENANT, "", "ses_2", START, FAR, -1, -1)).costMicros())
                .isEqualTo(20);
    }

    @Test
    void cachedSpendFollowsEveryLaterAppendAndSurvivesARestartAndARebuild() {
        BudgetWindow agentBudget = window("helper", BudgetWindow.NO_LIMIT, 1_000_000);
        BudgetWindow tenantBudget = window("", BudgetWindow.NO_LIMIT, 1_000_000);
        ledger().append(modelCall(TENANT, "helper", "ses_1", 1, 1, 100));
        ledger().reserve("res_1", List.of(agentBudget, tenantBudget), new BudgetAmount(1, 1), FAR);
        ledger().settle("res_1", modelCall(TENANT, "helper", "ses_1", 1, 1, 10));
        ledger().append(modelCall(TENANT, "triage", "ses_2", 1, 1, 5));

        reopenStore();

        assertThat(ledger().spent(agentBudget)).isEqualTo(new BudgetAmount(4, 110));
        assertThat(ledger().spent(tenantBudget)).isEqualTo(new BudgetAmount(6, 115));
        assertThat(ledger().rebuildSpend()).isEqualTo(2);
        assertThat(ledger().spent(agentBudget)).isEqualTo(new BudgetAmount(4, 110));
        assertThat(ledger().spent(tenantBudget)).isEqualTo(new BudgetAmount(6, 115));
    }

    @Test
    void aLapsedReservationHoldsNoRoom() {
        BudgetWindow budget = window("", BudgetWindow.NO_LIMIT, 100);
        ledger().reserve("res_1", List.of(budget), new BudgetAmount(1, 100), clock.instant().plus(HOLD));

        assertThat(ledger().reserve("res_2", List.of(budget), new BudgetAmount(1, 1), clock.instant().plus(HOLD)))
                .isInstanceOf(BudgetReservation.Exhausted.class);
        clock.advance(HOLD);
        assertThat(ledger().reserve("res_3", List.of(budget), new BudgetAmount(1, 100), clock.instant().plus(HOLD)))
                .isInstanceOf(BudgetReservation.Reserved.class);
    }

    @Test
    void concurrentReservationsNeverTakeMoreThanTheLimit() throws Exception {
        BudgetWindow budget = window("", BudgetWindow.NO_LIMIT, 7 * 100);
        AtomicInteger reserved = new AtomicInteger();
        try (ExecutorService executor = Executors.newFixedThreadPool(20)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = "res_" + i;
                done.add(executor.submit(() -> {
                    if (ledger().reserve(id, List.of(budget), new BudgetAmount(1, 100), FAR)
                            instanceof BudgetReservation.Reserved) {
                        reserved.incrementAndGet();
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        assertThat(reserved).hasValue(7);
    }

    private List<Long> seqs(LedgerQuery query) {
        return ledger().page(query).stream().map(LedgerEntry::seq).toList();
    }
}
