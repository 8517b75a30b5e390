package dev.cairn.bench.jmh;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.store.postgres.PostgresStore;
import dev.cairn.store.postgres.PostgresStoreOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable appends to the PostgreSQL store, shaped as {@link SqliteAppendBenchmark}'s: each operation
 * appends one model step's four events to the thread's own session, in a transaction of its own
 * (session row lock, commit). Runs on the machine's PostgreSQL (127.0.0.1:5432, database
 * {@code test}, user {@code postgres}) in a schema made for the trial and dropped after it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PostgresAppendBenchmark {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    private String schema;
    PostgresStore store;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        schema = "cairn_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        store = PostgresStore.open(PostgresStoreOptions.of(SERVER + "?currentSchema=" + schema, "postgres", null)
                .withPoolSize(16), Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        store.close();
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A session of one benchmark thread, and the sequence number its next append expects. */
    @State(Scope.Thread)
    public static class ThreadSession {
        String sessionId;
        long lastSeq;
        int step;

        @Setup(Level.Trial)
        public void create(PostgresAppendBenchmark benchmark) {
            sessionId = "ses_" + UUID.randomUUID();
            benchmark.store.sessions().create(new SessionRecord(sessionId, "default", "bench", 1, null, null,
                    Clock.systemUTC().instant()));
            lastSeq = 1;
        }

        List<Event> append(PostgresStore store) {
            List<NewEvent> batch = ReferenceEvents.toolStep("run_bench", ++step, step).subList(0, 4);
            List<Event> stored = store.events().appendAndWait(sessionId, lastSeq, batch);
            lastSeq = stored.getLast().seq();
            return stored;
        }
    }

    @Benchmark
    @Threads(1)
    public List<Event> appendOneThread(ThreadSession session) {
        return session.append(store);
    }

    @Benchmark
    @Threads(16)
    public List<Event> appendSixteenThreads(ThreadSession session) {
        return session.append(store);
    }
}
