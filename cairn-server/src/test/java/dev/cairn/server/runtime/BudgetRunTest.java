package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.gateway.Admission;
import dev.cairn.core.gateway.Budget;
import dev.cairn.core.gateway.BudgetSettings;
import dev.cairn.core.gateway.CallResult;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.LedgerGateway;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.gateway.PolicyDecision;
import dev.cairn.core.gateway.Prices;
import dev.cairn.core.loop.TokenCounter;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.store.BudgetWindow;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.core.store.LedgerQuery;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolOutcome;
import dev.cairn.store.sqlite.SqliteStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budgets kept by the ledger gateway under concurrent calls and inside runs. */
class BudgetRunTest {

    /** One token per character, so a test knows each call's worst case exactly. */
    private static final TokenCounter CHARACTERS = String::length;
    private static final Prices PRICES = new Prices("USD", Map.of(
            Prices.key("scripted", "m"), new Prices.Price(BigDecimal.ONE, BigDecimal.TWO),
            Prices.key("looping", "m"), new Prices.Price(BigDecimal.ONE, BigDecimal.TWO)));

    @TempDir
    Path folder;

    private static BudgetSettings settings(Budget... budgets) {
        return new BudgetSettings(List.of(budgets), PRICES, ZoneOffset.UTC, Duration.ofMinutes(5));
    }

    private static Budget costBudget(Budget.Scope scope, long micros) {
        return new Budget("team-cost", scope, "*", "*", Budget.Period.DAY, BudgetWindow.NO_LIMIT, micros);
    }

    @Test
    void concurrentCallsAdmitExactlyAsManyWorstCasesAsTheBudgetHoldsAndNeverOverspend() throws Exception {
        // "hello" is 4 + 5 tokens in, 100 out at most: 9 * 1 + 100 * 2 = 209 micro-dollars a call
        long perCall = 209;
        int fit = 7;
        try (SqliteStore store = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC())) {
            LedgerGateway gateway = LedgerGateway.create(store.ledger(), ModelPolicy.DEFAULT,
                    settings(costBudget(Budget.Scope.TENANT, fit * perCall)), CHARACTERS, Clock.systemUTC());
            CallTarget target = new CallTarget("default", "scripted", "m", "", "");
            ChatRequest request = new ChatRequest("m", List.of(new Message.User("hello")), List.of(), 100);
            AtomicInteger admitted = new AtomicInteger();
            List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
            try (ExecutorService threads = Executors.newFixedThreadPool(20)) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 20; t++) {
                    CallSubject subject = new CallSubject("acme", "helper", 1, "ses_" + t, "run_" + t, "", "", 1,
                            ChatRequest.Purpose.ANSWER);
                    done.add(threads.submit(() -> {
                        while (true) { // each thread calls until it is refused
                            Admission admission = gateway.admit(subject, target, request);
                            if (admission instanceof Admission.Refused refused) {
                                refusals.add(refused.reason() + ": " + refused.message());
                                return;
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

            List<LedgerEntry> entries = store.ledger().page(LedgerQuery.all(1000));
            assertThat(admitted).hasValue(fit);
            assertThat(entries).hasSize(fit);
            assertThat(entries.stream().mapToLong(entry -> entry.call().costMicros()).sum()).isEqualTo(fit * perCall);
            assertThat(refusals).hasSize(20).allSatisfy(refusal -> assertThat(refusal)
                    .startsWith(Admission.BUDGET_EXHAUSTED + ": budget 'team-cost' (tenant acme, on ")
                    .containsPattern("spent 0\\.\\d{6} USD \\+ reserved by calls in flight 0\\.\\d{6} USD")
                    .contains("this call up to 0.000209 USD")
                    .contains("limit 0.001463 USD"));
        }
    }

    @Test
    void concurrentRunsBeyondTheBudgetFailWithBudgetExhaustedAndTheLedgerStaysWithinIt() throws Exception {
        // each run's worst case is over 2,000 tokens in (one per character) and 500 out: about 3,100 micros
        long limit = 5_000;
        try (RuntimeFixture fixture = RuntimeFixture.in(folder)
                .gateway(store -> LedgerGateway.create(store.ledger(), ModelPolicy.DEFAULT,
                        settings(costBudget(Budget.Scope.AGENT, limit)), CHARACTERS, Clock.systemUTC()))
                .open()) {
            fixture.agent("{\"name\":\"a\"}");
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                runs.add(fixture.runtime.postMessage(RuntimeFixture.TENANT, fixture.session("a"), "hello " + i + " " + "x".repeat(2_000), null).run().id());
            }
            List<RunView> ended = new ArrayList<>();
            for (String run : runs) {
                ended.add(fixture.runtime.awaitRun(RuntimeFixture.TENANT, run, Duration.ofSeconds(30)));
            }

            long spent = fixture.store.ledger().page(LedgerQuery.all(1000)).stream()
                    .mapToLong(entry -> entry.call().costMicros()).sum();
            assertThat(spent).isPositive().isLessThanOrEqualTo(limit);
            assertThat(ended).filteredOn(run -> run.state() == RunState.COMPLETED).isNotEmpty();
            assertThat(ended).filteredOn(run -> run.state() == RunState.FAILED).isNotEmpty()
                    .allSatisfy(run -> {
                        assertThat(run.failureReason()).isEqualTo("budget_exhausted");
                        assertThat(run.failureMessage()).contains("budget 'team-cost'").contains("agent a of tenant t1");
                    });
        }
    }

    @Test
    void aModelLoopingOnToolCallsStopsAtItsSessionBudgetAndEachToolCallIsInTheLedger() throws Exception {
        AtomicInteger modelCalls = new AtomicInteger();
        ChatProvider looping = AgentRuntimeTest.provider("looping", request -> {
            int call = modelCalls.incrementAndGet();
            return new ChatResponse(new Message.Assistant("", List.of(new ToolCall("c" + call, "ping", "{}"))),
                    new Usage(100, 10), "tool_calls", "m");
        });
        Tool ping = AgentRuntimeTest.tool("ping", false, invocation -> ToolOutcome.success("pong"));
        Budget sessionTokens = new Budget("session-tokens", Budget.Scope.SESSION, "*", "*", Budget.Period.TOTAL, 2_000,
                BudgetWindow.NO_LIMIT);
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(looping).tool("ping", entry -> ping)
                .gateway(store -> LedgerGateway.create(store.ledger(), ModelPolicy.DEFAULT, settings(sessionTokens),
                        text -> 1, Clock.systemUTC()))
                .open()) {
            fixture.agent("{\"name\":\"a\",\"limits\":{\"max_steps\":100},\"tools\":[{\"builtin\":\"ping\"}]}");
            String session = fixture.session("a");
            RunView run = fixture.runtime.awaitRun(RuntimeFixture.TENANT,
                    fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "loop", null).run().id(), Duration.ofSeconds(30));

            assertThat(run.state()).isEqualTo(RunState.FAILED);
            assertThat(run.failureReason()).isEqualTo("budget_exhausted");
            assertThat(run.failureMessage()).contains("budget 'session-tokens' (session " + session);
            List<LedgerEntry> entries = fixture.store.ledger().page(LedgerQuery.all(1000));
            List<LedgerEntry> models = entries.stream().filter(e -> e.call().kind().equals(LedgerCall.MODEL_CALL)).toList();
            assertThat(models).hasSize(modelCalls.get()).hasSizeLessThan(100);
            assertThat(models.stream().mapToLong(e -> e.call().totalTokens()).sum()).isLessThanOrEqualTo(2_000);
            assertThat(entries).filteredOn(e -> e.call().kind().equals(LedgerCall.TOOL_CALL)).hasSize(modelCalls.get())
                    .allSatisfy(e -> {
                        assertThat(e.call().tool()).isEqualTo("ping");
                        assertThat(e.call().outcome()).isEqualTo("ok");
                        assertThat(e.call().sessionId()).isEqualTo(session);
                        assertThat(e.call().step()).isPositive();
                    });
        }
    }

    @Test
    void onlyToolCallsThatReachOutsideAreInTheLedger() throws Exception {
        Tool lookup = AgentRuntimeTest.tool("lookup", true, invocation -> ToolOutcome.success("found"));
        Tool charge = AgentRuntimeTest.tool("charge", false, invocation -> ToolOutcome.failure("card declined"));
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).tool("lookup", entry -> lookup).tool("charge", entry -> charge)
                .gateway(store -> LedgerGateway.create(store.ledger(), ModelPolicy.DEFAULT, BudgetSettings.NONE, CHARACTERS,
                        Clock.systemUTC()))
                .open()) {
            fixture.agent("{\"name\":\"a\",\"tools\":[{\"builtin\":\"lookup\"},{\"builtin\":\"charge\"}]}");
            RunView run = fixture.runtime.awaitRun(RuntimeFixture.TENANT, fixture.runtime.postMessage(RuntimeFixture.TENANT,
                    fixture.session("a"), "/call lookup {}\n/call charge {}", null).run().id(), Duration.ofSeconds(20));

            assertThat(run.state()).isEqualTo(RunState.COMPLETED);
            List<LedgerEntry> entries = fixture.store.ledger().page(LedgerQuery.all(100));
            assertThat(entries).filteredOn(e -> e.call().kind().equals(LedgerCall.TOOL_CALL))
                    .extracting(e -> e.call().tool() + " " + e.call().outcome()).containsExactly("charge failed");
            assertThat(entries).filteredOn(e -> e.call().kind().equals(LedgerCall.MODEL_CALL)).hasSize(2);
        }
    }

    @Test
    void aPolicyRefusalIsPolicyDeniedAndAnAdmittedCallRecordsThePolicyVersionAndRule() throws Exception {
        ModelPolicy euOnly = new ModelPolicy() {
            @Override
            public PolicyDecision decide(CallSubject subject, CallTarget target) {
                return target.region().equals("eu") ? new PolicyDecision(true, 7, "eu-only", "")
                        : new PolicyDecision(false, 7, "eu-only", "only EU endpoints");
            }

            @Override
            public PolicyDecision decideAt(long version, CallSubject subject, CallTarget target) {
                return decide(subject, target);
            }

            @Override
            public PolicyDecision passThrough(String tenantId, String userId) {
                return new PolicyDecision(false, 7, "eu-only", "");
            }
        };
        try (SqliteStore store = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC())) {
            LedgerGateway gateway = LedgerGateway.create(store.ledger(), euOnly, BudgetSettings.NONE, CHARACTERS,
                    Clock.systemUTC());
            CallSubject subject = new CallSubject("acme", "helper", 2, "ses_1", "run_1", "u1", "secret", 3,
                    ChatRequest.Purpose.ANSWER);
            ChatRequest request = new ChatRequest("m", List.of(new Message.User("hi")), List.of(), 10);

            Admission denied = gateway.admit(subject, new CallTarget("default", "openai", "m", "us", "api.openai.com"), request);
            Admission admitted = gateway.admit(subject, new CallTarget("default", "mistral", "m", "eu", "api.mistral.ai"),
                    request);
            gateway.settle((Admission.Admitted) admitted, new CallResult(CallResult.OK, new Usage(3, 4), 12));
            // a call of a run is stored ahead of the run's next write, as the step's events would be
            store.ledger().append(new LedgerCall(LedgerCall.TOOL_CALL, "acme", "helper", 2, "ses_1", "run_1", "u1", "secret",
                    3, "", "", "", "", "http_get", "", "", 0, "", 0, 0, 0, 5, "ok"));

            assertThat(denied).isInstanceOfSatisfying(Admission.Refused.class, refused -> {
                assertThat(refused.reason()).isEqualTo(Admission.POLICY_DENIED);
                assertThat(refused.message()).contains("eu-only").contains("only EU endpoints");
            });
            assertThat(store.ledger().page(LedgerQuery.all(10))).first().satisfies(entry -> {
                LedgerCall call = entry.call();
                assertThat(call.policyVersion()).isEqualTo(7);
                assertThat(call.policyRule()).isEqualTo("eu-only");
                assertThat(call.region()).isEqualTo("eu");
                assertThat(call.endpointHost()).isEqualTo("api.mistral.ai");
                assertThat(call.classification()).isEqualTo("secret");
                assertThat(call.tokensIn()).isEqualTo(3);
                assertThat(call.tokensOut()).isEqualTo(4);
                assertThat(call.latencyMillis()).isEqualTo(12);
                assertThat(call.costMicros()).isZero();
            });
        }
    }

    @Test
    void aModelWithoutAPriceIsRefusedUnderACostBudget() {
        try (SqliteStore store = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC())) {
            LedgerGateway gateway = LedgerGateway.create(store.ledger(), ModelPolicy.DEFAULT,
                    settings(costBudget(Budget.Scope.TENANT, 1_000_000)), CHARACTERS, Clock.systemUTC());
            Admission admission = gateway.admit(new CallSubject("acme", "helper", 1, "ses_1", "run_1", "", "", 1,
                    ChatRequest.Purpose.ANSWER), new CallTarget("default", "openai", "unpriced", "", ""),
                    new ChatRequest("unpriced", List.of(new Message.User("hi")), List.of(), 10));

            assertThat(admission).isInstanceOfSatisfying(Admission.Refused.class, refused -> {
                assertThat(refused.reason()).isEqualTo(Admission.BUDGET_EXHAUSTED);
                assertThat(refused.message()).contains("'team-cost'").contains("openai/unpriced has no price");
            });
        }
    }
}
