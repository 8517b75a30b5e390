package dev.cairn.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.ConflictException;
import dev.cairn.core.json.Json;
import dev.cairn.store.postgres.PostgresStore;
import dev.cairn.store.postgres.PostgresStoreOptions;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The reference workload ({@link ReferenceWorkload}) on a PostgreSQL database shared by
 * {@code nodes} in-process nodes: each node is a runtime over a {@link PostgresStore} of its own
 * (its own connection pool, its own run workers and lease holder id), as separate servers would
 * be, minus HTTP. Session {@code i} is created on and driven through node {@code i % nodes}. One
 * {@link StepTimer} hears every node's commits. The warm-up runs the same workload on the same
 * nodes and database, so the JIT has compiled the PostgreSQL driver's and the pool's paths too.
 * Besides the step figures it measures what the measured window added to the WAL (the whole
 * cluster's, so other databases' writes count too) and to the database's size.
 */
final class PostgresReferenceWorkload {

    private static final int WARMUP_THREADS = 20;
    private static final int WARMUP_TURNS = 10;

    private PostgresReferenceWorkload() {
    }

    /** One measured run. */
    record Result(int nodes, int threads, int turns, long steps, double seconds, StepTimer.Summary overhead,
                  long warmupSteps, long walBytes, long databaseBytes) {

        ObjectNode json() {
            ObjectNode line = Json.object();
            line.put("runtime", "cairn-0.1.0+postgres");
            line.put("nodes", nodes);
            line.put("threads", threads);
            line.put("turns", turns);
            line.put("steps", steps);
            line.put("seconds", ReferenceWorkload.round(seconds));
            line.put("steps_per_sec", Math.round(steps / seconds));
            line.put("wal_bytes", walBytes);
            line.put("wal_bytes_per_step", walBytes / steps);
            line.put("database_bytes_added", databaseBytes);
            line.put("database_bytes_per_step", databaseBytes / steps);
            line.put("step_overhead_p50_ms", overhead.p50Millis());
            line.put("step_overhead_p99_ms", overhead.p99Millis());
            line.put("step_overhead_max_ms", overhead.maxMillis());
            line.put("warmup_steps_discarded", warmupSteps);
            return line;
        }
    }

    /**
     * Opens the nodes on {@code storeUrl} (a database of its own for the bench: it is migrated and
     * filled, never emptied), warms up for {@code warmupSeconds}, then measures once.
     */
    static Result measure(String storeUrl, int nodes, int threads, int turns, double warmupSeconds, PrintStream progress)
            throws Exception {
        PostgresStoreOptions options = PostgresStoreOptions.parse(storeUrl);
        StepTimer timer = new StepTimer();
        List<BenchRuntime> runtimes = new ArrayList<>();
        try {
            for (int node = 0; node < nodes; node++) {
                runtimes.add(BenchRuntime.node(PostgresStore.open(options, Clock.systemUTC()), timer));
            }
            createTenantAndAgent(runtimes.getFirst());
            long warmupSteps = warmUp(runtimes, warmupSeconds, progress);
            System.gc();
            long expected = (long) threads * turns * ReferenceWorkload.STEPS_PER_TURN;
            try (Connection connection = DriverManager.getConnection(options.jdbcUrl(), options.user(), options.password())) {
                String walBefore = text(connection, "SELECT pg_current_wal_lsn()::text");
                long sizeBefore = number(connection, "SELECT pg_database_size(current_database())");
                timer.takeSummary();
                double seconds = sessionsInParallel(runtimes, threads, turns);
                timer.awaitSteps(expected, 10_000);
                StepTimer.Summary overhead = timer.takeSummary();
                if (overhead.steps() != expected || overhead.unfinishedRuns() != 0) {
                    throw new IllegalStateException("the workload should have made " + expected + " steps but made "
                            + overhead.steps() + ", with " + overhead.unfinishedRuns() + " runs failed or cancelled");
                }
                long walBytes = number(connection, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + walBefore + "')");
                long databaseBytes = number(connection, "SELECT pg_database_size(current_database())") - sizeBefore;
                return new Result(nodes, threads, turns, expected, seconds, overhead, warmupSteps, walBytes, databaseBytes);
            }
        } finally {
            for (BenchRuntime runtime : runtimes) {
                runtime.close();
            }
        }
    }

    private static void createTenantAndAgent(BenchRuntime first) {
        try {
            first.createTenantAndAgent();
        } catch (ConflictException e) {
            // the database already holds the bench's tenant from an earlier run
        }
    }

    private static long warmUp(List<BenchRuntime> runtimes, double seconds, PrintStream progress)
            throws Exception {
        long steps = 0;
        long started = System.nanoTime();
        while ((System.nanoTime() - started) / 1e9 < seconds) {
            sessionsInParallel(runtimes, WARMUP_THREADS, WARMUP_TURNS);
            steps += (long) WARMUP_THREADS * WARMUP_TURNS * ReferenceWorkload.STEPS_PER_TURN;
        }
        progress.printf("cairn: warm-up of %d steps on %d PostgreSQL nodes (%.1f s) done and discarded%n", steps,
                runtimes.size(), (System.nanoTime() - started) / 1e9);
        return steps;
    }

    /** Runs the sessions, session {@code i} on node {@code i % nodes}; answers the seconds they took. */
    private static double sessionsInParallel(List<BenchRuntime> runtimes, int threads, int turns)
            throws InterruptedException, ExecutionException {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            long started = System.nanoTime();
            List<Future<Void>> sessions = new ArrayList<>(threads);
            for (int thread = 0; thread < threads; thread++) {
                BenchRuntime node = runtimes.get(thread % runtimes.size());
                sessions.add(clients.submit(() -> {
                    String sessionId = node.newSession();
                    for (int turn = 0; turn < turns; turn++) {
                        node.turn(sessionId, "question " + turn);
                    }
                    return null;
                }));
            }
            for (Future<Void> session : sessions) {
                session.get();
            }
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    private static long number(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
