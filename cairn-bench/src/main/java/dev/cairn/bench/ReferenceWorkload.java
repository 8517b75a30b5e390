package dev.cairn.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The reference workload of the peer benchmark, in process, against a fresh SQLite store:
 * {@code threads} sessions at once, each taking {@code turns} turns one after another; a turn is
 * one user message and the run that answers it (model, tool, model, tool, model: five steps),
 * waited for before the next turn. Session creation is inside the timed interval.
 */
final class ReferenceWorkload {

    static final int STEPS_PER_TURN = 5;
    /** The warm-up's length unless told otherwise: about 80,000 steps on the 2-core machine. */
    static final String DEFAULT_WARMUP_SECONDS = "8";
    private static final int WARMUP_THREADS = 20;
    private static final int WARMUP_TURNS = 20;

    private static long warmupSteps = -1;

    private ReferenceWorkload() {
    }

    /** One measured run. */
    record Result(int threads, int turns, long steps, double seconds, long dbBytes, long dbBytesCheckpointed,
                  StepTimer.Summary overhead, long warmupSteps) {

        long stepsPerSecond() {
            return Math.round(steps / seconds);
        }

        ObjectNode json() {
            ObjectNode line = Json.object();
            line.put("runtime", "cairn-0.1.0+sqlite");
            line.put("threads", threads);
            line.put("turns", turns);
            line.put("steps", steps);
            line.put("seconds", round(seconds));
            line.put("steps_per_sec", stepsPerSecond());
            line.put("db_bytes", dbBytes);
            line.put("bytes_per_step", dbBytes / steps);
            line.put("db_bytes_checkpointed", dbBytesCheckpointed);
            line.put("bytes_per_step_checkpointed", dbBytesCheckpointed / steps);
            line.put("step_overhead_p50_ms", overhead.p50Millis());
            line.put("step_overhead_p99_ms", overhead.p99Millis());
            line.put("step_overhead_max_ms", overhead.maxMillis());
            line.put("warmup_steps_discarded", warmupSteps);
            return line;
        }
    }

    /**
     * Warms the JVM up once per process with runs whose figures are thrown away, then measures.
     *
     * @param folder        where the database goes (its old database files are deleted first), or
     *                      null for a temporary folder deleted afterwards
     * @param warmupSeconds how long to warm up, if this process has not yet
     */
    static Result measure(Path folder, int threads, int turns, double warmupSeconds, PrintStream progress)
            throws Exception {
        return measure(folder, threads, turns, warmupSeconds, progress, false);
    }

    /**
     * As {@link #measure(Path, int, int, double, PrintStream)}; with {@code ledger}, every model and
     * tool call also passes the ledger gateway, as in the server.
     */
    static Result measure(Path folder, int threads, int turns, double warmupSeconds, PrintStream progress, boolean ledger)
            throws Exception {
        warmUp(warmupSeconds, progress, ledger);
        System.gc();
        return run(folder, threads, turns, warmupSteps, ledger);
    }

    /**
     * Runs rounds of 20 sessions x 20 turns, each on a fresh store, for about {@code seconds}, so
     * the JIT has compiled the hot paths before anything is measured; their figures are
     * discarded. The JIT keeps improving for tens of thousands of steps: with a 4-second warm-up
     * the measured runs were about a third slower than with 8.
     */
    static void warmUp(double seconds, PrintStream progress) throws Exception {
        warmUp(seconds, progress, false);
    }

    private static synchronized void warmUp(double seconds, PrintStream progress, boolean ledger) throws Exception {
        if (warmupSteps >= 0) {
            return;
        }
        long steps = 0;
        long started = System.nanoTime();
        Result last = null;
        while ((System.nanoTime() - started) / 1e9 < seconds) {
            last = run(null, WARMUP_THREADS, WARMUP_TURNS, 0, ledger);
            steps += last.steps();
        }
        warmupSteps = steps;
        if (last == null) {
            progress.println("cairn: no warm-up; the figures include the JIT compiling the hot paths");
        } else {
            progress.printf("cairn: warm-up of %d steps (rounds of %d sessions x %d turns, %.1f s) done and discarded;"
                    + " its last round ran at %d steps/s%n", steps, WARMUP_THREADS, WARMUP_TURNS,
                    (System.nanoTime() - started) / 1e9, last.stepsPerSecond());
        }
    }

    private static Result run(Path folder, int threads, int turns, long warmupSteps, boolean ledger) throws Exception {
        Path directory = folder != null ? Files.createDirectories(folder) : Files.createTempDirectory("cairn-bench-");
        Path databaseFile = directory.resolve("cairn.db");
        DatabaseFiles.delete(databaseFile);
        long expected = (long) threads * turns * STEPS_PER_TURN;
        try {
            long dbBytes;
            double seconds;
            StepTimer.Summary overhead;
            try (BenchRuntime runtime = BenchRuntime.open(databaseFile, ledger)) {
                runtime.timer().takeSummary(); // nothing before the first session belongs to the workload
                seconds = sessionsInParallel(runtime, threads, turns);
                runtime.timer().awaitSteps(expected, 10_000);
                overhead = runtime.timer().takeSummary();
                dbBytes = DatabaseFiles.bytes(databaseFile);
            }
            if (overhead.steps() != expected || overhead.unfinishedRuns() != 0) {
                throw new IllegalStateException("the workload should have made " + expected + " steps but made "
                        + overhead.steps() + ", with " + overhead.unfinishedRuns() + " runs failed or cancelled");
            }
            return new Result(threads, turns, expected, seconds, dbBytes, DatabaseFiles.bytes(databaseFile), overhead,
                    warmupSteps);
        } finally {
            if (folder == null) {
                DatabaseFiles.deleteTree(directory);
            }
        }
    }

    /** Runs the sessions; answers the seconds they took, session creation included. */
    private static double sessionsInParallel(BenchRuntime runtime, int threads, int turns)
            throws InterruptedException, ExecutionException {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            long started = System.nanoTime();
            List<Future<Void>> sessions = new ArrayList<>(threads);
            for (int thread = 0; thread < threads; thread++) {
                sessions.add(clients.submit(() -> {
                    String sessionId = runtime.newSession();
                    for (int turn = 0; turn < turns; turn++) {
                        runtime.turn(sessionId, "question " + turn);
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

    static double round(double value) {
        return Math.round(value * 1_000) / 1_000.0;
    }
}
