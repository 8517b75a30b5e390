package dev.cairn.bench.jmh;

import dev.cairn.core.gateway.Admission;
import dev.cairn.core.gateway.Budget;
import dev.cairn.core.gateway.BudgetSettings;
import dev.cairn.core.gateway.CallResult;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.LedgerGateway;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.gateway.Prices;
import dev.cairn.core.loop.TokenCounter;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.Usage;
import dev.cairn.core.store.BudgetWindow;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.core.store.Store;
import dev.cairn.store.postgres.PostgresStore;
import dev.cairn.store.postgres.PostgresStoreOptions;
import dev.cairn.store.sqlite.SqliteStore;
import dev.cairn.testing.postgres.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the ledger gateway adds to a model call whose provider answers at once: the policy, the
 * worst-case reservation against a budget (one durable write), and the settlement that appends
 * the ledger entry (another); and a bare ledger append. {@code folder} puts the SQLite file on
 * the disk ({@code /tmp}) or in memory ({@code /dev/shm}, where fsync costs nothing), to show what
 * the two fsyncs of each call cost; {@code postgres} uses a fresh database of the machine's
 * PostgreSQL (127.0.0.1:5432) instead, through {@code PostgresStore}'s row locks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class LedgerGatewayBenchmark {

    private static final CallTarget TARGET = new CallTarget("default", "openai", "gpt-4o-mini", "eu", "api.openai.com");
    private static final ChatRequest REQUEST = new ChatRequest("gpt-4o-mini",
            List.of(new Message.System("You are a helpful assistant."), new Message.User("What is the refund policy?")),
            List.of(), 500);
    private static final LedgerCall TOOL_CALL = new LedgerCall(LedgerCall.TOOL_CALL, "acme", "helper", 1, "ses_1", "run_1",
            "u1", "", 1, "", "", "", "", "http.get", "", "", 0, "", 0, 0, 0, 3, "ok");
    private static final CallResult RESULT = new CallResult(CallResult.OK, new Usage(40, 120), 0);

    @Param({"/tmp", "/dev/shm", "postgres"})
    public String folder;

    private Path directory;
    private TestDatabase database;
    private Store store;
    private LedgerGateway budgeted;
    private LedgerGateway unbudgeted;
    private CallSubject subject;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        if (folder.equals("postgres")) {
            database = TestDatabase.create("bench");
            store = PostgresStore.open(PostgresStoreOptions.parse(database.storeUrl() + "?pool-size=10"), Clock.systemUTC());
        } else {
            directory = Files.createTempDirectory(Path.of(folder), "cairn-ledger-bench");
            store = SqliteStore.open(directory.resolve("cairn.db"), Clock.systemUTC());
        }
        Prices prices = new Prices("USD", Map.of(Prices.key("openai", "gpt-4o-mini"),
                new Prices.Price(new BigDecimal("0.15"), new BigDecimal("0.60"))));
        Budget daily = new Budget("daily", Budget.Scope.TENANT, "*", "*", Budget.Period.DAY, BudgetWindow.NO_LIMIT,
                1_000_000_000_000L);
        TokenCounter tokens = TokenCounter.o200k();
        budgeted = LedgerGateway.create(store.ledger(), ModelPolicy.DEFAULT,
                new BudgetSettings(List.of(daily), prices, ZoneOffset.UTC, Duration.ofMinutes(10)), tokens, Clock.systemUTC());
        unbudgeted = LedgerGateway.create(store.ledger(), ModelPolicy.DEFAULT,
                new BudgetSettings(List.of(), prices, ZoneOffset.UTC, Duration.ofMinutes(10)), tokens, Clock.systemUTC());
        subject = new CallSubject("acme", "helper", 1, "ses_1", "run_1", "u1", "internal", 1, ChatRequest.Purpose.ANSWER);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        if (database != null) {
            database.close();
            return;
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Policy, reservation and settlement of one call under a budget: two durable writes. */
    @Benchmark
    public Admission callUnderABudget() {
        Admission admission = budgeted.admit(subject, TARGET, REQUEST);
        budgeted.settle((Admission.Admitted) admission, RESULT);
        return admission;
    }

    /** Policy and settlement of one call no budget applies to: one durable write. */
    @Benchmark
    public Admission callWithoutABudget() {
        Admission admission = unbudgeted.admit(subject, TARGET, REQUEST);
        unbudgeted.settle((Admission.Admitted) admission, RESULT);
        return admission;
    }

    /** One ledger entry appended (read the chain's head, hash, insert, commit). */
    @Benchmark
    public LedgerEntry append() {
        return store.ledger().append(TOOL_CALL);
    }

    /**
     * Appends from eight threads at once: SQLite's writer commits what is queued together, one fsync
     * a group; PostgreSQL's appends take turns on the chain's row, each its own commit.
     */
    @Benchmark
    @Threads(8)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public LedgerEntry appendFromEightThreads() {
        return store.ledger().append(TOOL_CALL);
    }
}
