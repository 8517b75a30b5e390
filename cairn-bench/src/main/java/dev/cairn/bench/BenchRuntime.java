package dev.cairn.bench;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.Sleeper;
import dev.cairn.core.agent.AgentSpecs;
import dev.cairn.core.loop.RetryPolicy;
import dev.cairn.core.gateway.BudgetSettings;
import dev.cairn.core.gateway.LedgerGateway;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.loop.RunExecutor;
import dev.cairn.core.loop.TokenCounter;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.RouteTarget;
import dev.cairn.core.route.Router;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.core.store.Store;
import dev.cairn.core.store.Tenant;
import dev.cairn.core.tool.ToolCatalog;
import dev.cairn.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Cairn runtime wired as a server wires it (SQLite store, o200k token counting, the real agent
 * loop), with the zero-latency {@link LookupLoopModel} and the {@link LookupTool}, and a
 * {@link StepTimer} on the store. One per measured run, over a fresh database file.
 *
 * <p>Thread-safe: many sessions may take turns at once.
 */
final class BenchRuntime implements AutoCloseable {

    static final String TENANT = "default";
    static final String AGENT = "bench";

    private static final String PROVIDER = "bench";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RUN_POLL = Duration.ofMillis(100);
    private static final String AGENT_DEFINITION = """
            name: bench
            route: default
            tools:
              - builtin: lookup
            """;
    // Loading the encoding takes a while; one counter (thread-safe) serves every runtime.
    private static final TokenCounter TOKENS = TokenCounter.o200k();

    private final Path databaseFile;
    private final Store store;
    private final AgentRuntime runtime;
    private final StepTimer timer;

    private BenchRuntime(Path databaseFile, Store store, AgentRuntime runtime, StepTimer timer) {
        this.databaseFile = databaseFile;
        this.store = store;
        this.runtime = runtime;
        this.timer = timer;
    }

    /** Opens a runtime over {@code databaseFile}, which should not exist yet. */
    static BenchRuntime open(Path databaseFile) {
        return open(databaseFile, false);
    }

    /**
     * As {@link #open(Path)}; with {@code ledger}, every model call and every call of a tool that
     * reaches outside passes the ledger gateway (policy, no budget, one ledger entry), as in the server.
     */
    static BenchRuntime open(Path databaseFile, boolean ledger) {
        SqliteStore store = SqliteStore.open(databaseFile, Clock.systemUTC());
        try {
            StepTimer timer = new StepTimer();
            store.events().addListener(timer);
            return wire(databaseFile, store, timer, ledger, true);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * A runtime over {@code store}, one node of several sharing it: {@code timer} hears this node's
     * commits (one timer may serve every node). One node must {@link #createTenantAndAgent}.
     * Closing the runtime closes the store.
     */
    static BenchRuntime node(Store store, StepTimer timer) {
        try {
            store.events().addListener(timer);
            return wire(null, store, timer, false, false);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static BenchRuntime wire(Path databaseFile, Store store, StepTimer timer, boolean ledger, boolean first) {
        Clock clock = Clock.systemUTC();
        Router router = Router.of(List.of(new LookupLoopModel(PROVIDER)), List.of(new Route("default",
                List.of(new RouteTarget(PROVIDER, LookupLoopModel.MODEL)), 1_000_000, 1_000)));
        ToolCatalog catalog = ToolCatalog.of(Map.of(LookupTool.NAME, LookupTool.factory()));
        AgentSpecs specs = AgentSpecs.create(router.routeNames(), catalog.builtinNames(), schema -> List.of());
        RunExecutor executor = RunExecutor.create(router, catalog, TOKENS, RetryPolicy.DEFAULT, Sleeper.SYSTEM,
                new SplittableRandom(), clock);
        if (ledger) {
            executor = executor.withGateway(LedgerGateway.create(store.ledger(), ModelPolicy.DEFAULT, BudgetSettings.NONE,
                    TOKENS, clock));
        }
        AgentRuntime runtime = AgentRuntime.create(store, specs, executor, IdGenerator.random(), clock);
        BenchRuntime bench = new BenchRuntime(databaseFile, store, runtime, timer);
        if (first) {
            bench.createTenantAndAgent();
        }
        runtime.recover();
        return bench;
    }

    /**
     * Creates the bench's tenant and applies its agent, for every node sharing this one's store.
     *
     * @throws dev.cairn.core.ConflictException when the tenant exists already
     */
    void createTenantAndAgent() {
        store.tenants().createTenant(new Tenant(TENANT, TENANT, Clock.systemUTC().instant()));
        runtime.applyAgent(TENANT, AGENT_DEFINITION, false);
    }

    Path databaseFile() {
        return databaseFile;
    }

    StepTimer timer() {
        return timer;
    }

    Store store() {
        return store;
    }

    /** Creates a session with the bench agent; answers its id. */
    String newSession() {
        return runtime.createSession(TENANT, AGENT, "bench", null).id();
    }

    /**
     * One turn: posts a user message and waits for the run that answers it to end. The wait looks
     * at the run again every {@link #RUN_POLL}, a backstop for a run that another node sharing the
     * store executed: its end reaches this node through the change feed, not its own commits.
     *
     * @throws IllegalStateException when the run does not complete
     */
    void turn(String sessionId, String content) throws InterruptedException {
        PostedMessage posted = runtime.postMessage(TENANT, sessionId, content, null);
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        RunView run = runtime.awaitRun(TENANT, posted.run().id(), RUN_POLL);
        while (!run.state().terminal() && System.nanoTime() < deadline) {
            run = runtime.awaitRun(TENANT, posted.run().id(), RUN_POLL);
        }
        if (run.state() != RunState.COMPLETED) {
            throw new IllegalStateException("run " + run.id() + " of session " + sessionId + " ended "
                    + run.state().wireName() + " (" + run.failureReason() + ": " + run.failureMessage() + ")");
        }
    }

    /** Stops the runtime and closes the store, which checkpoints the WAL into the database file. */
    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            store.close();
        }
    }
}
