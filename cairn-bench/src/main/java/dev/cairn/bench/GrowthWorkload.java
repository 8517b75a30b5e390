package dev.cairn.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One session taking many turns of the reference workload, to show what a step stores as the
 * session grows: the stored bytes per step over the first tenth of the turns against the last
 * tenth. Bytes are the database file's growth with the WAL checkpointed into it at each window's
 * edges (in whole 4 KiB pages), the bytes in use in every table and index ({@code dbstat}, free of
 * page granularity), and the stored payloads' JSON bytes. A store that keeps whole snapshots of
 * the conversation per step (as the peer's checkpointer does) grows with the square of the
 * session's length; an event log grows linearly, so its bytes per step stay flat.
 */
final class GrowthWorkload {

    private GrowthWorkload() {
    }

    /** What one window of turns stored and how long its steps took. */
    record Window(int turns, long steps, long dbBytes, long dbBytesAtEnd, long usedBytes, long payloadBytes,
                  double seconds, StepTimer.Summary overhead) {

        double bytesPerStep() {
            return (double) dbBytes / steps;
        }

        double usedBytesPerStep() {
            return (double) usedBytes / steps;
        }

        double payloadBytesPerStep() {
            return (double) payloadBytes / steps;
        }
    }

    static ObjectNode measure(int turns, double warmupSeconds, PrintStream progress) throws Exception {
        if (turns < 10) {
            throw new IllegalArgumentException("--turns must be at least 10, got " + turns);
        }
        ReferenceWorkload.warmUp(warmupSeconds, progress);
        int window = turns / 10;
        Path directory = Files.createTempDirectory("cairn-bench-growth-");
        Path databaseFile = directory.resolve("cairn.db");
        try {
            Window first;
            Window last;
            long started = System.nanoTime();
            try (BenchRuntime runtime = BenchRuntime.open(databaseFile)) {
                String sessionId = runtime.newSession();
                try (DatabaseProbe probe = DatabaseProbe.open(databaseFile)) {
                    first = window(runtime, probe, sessionId, 0, window);
                    for (int turn = window; turn < turns - window; turn++) {
                        runtime.turn(sessionId, "question " + turn);
                    }
                    last = window(runtime, probe, sessionId, turns - window, window);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return json(turns, seconds, first, last);
        } finally {
            DatabaseFiles.deleteTree(directory);
        }
    }

    private static Window window(BenchRuntime runtime, DatabaseProbe probe, String sessionId, int firstTurn, int turns)
            throws Exception {
        long bytesBefore = probe.checkpointedBytes();
        long usedBefore = probe.usedBytes();
        long seqBefore = runtime.store().events().lastSeq(sessionId);
        runtime.timer().takeSummary();
        long started = System.nanoTime();
        for (int turn = firstTurn; turn < firstTurn + turns; turn++) {
            runtime.turn(sessionId, "question " + turn);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long steps = (long) turns * ReferenceWorkload.STEPS_PER_TURN;
        runtime.timer().awaitSteps(steps, 10_000);
        StepTimer.Summary overhead = runtime.timer().takeSummary();
        long seqAfter = runtime.store().events().lastSeq(sessionId);
        long bytesAfter = probe.checkpointedBytes();
        long usedAfter = probe.usedBytes();
        return new Window(turns, steps, bytesAfter - bytesBefore, bytesAfter, usedAfter - usedBefore,
                probe.payloadBytes(sessionId, seqBefore, seqAfter), seconds, overhead);
    }

    private static ObjectNode json(int turns, double seconds, Window first, Window last) {
        ObjectNode line = Json.object();
        line.put("runtime", "cairn-0.1.0+sqlite");
        line.put("growth_turns", turns);
        line.put("steps", (long) turns * ReferenceWorkload.STEPS_PER_TURN);
        line.put("seconds", ReferenceWorkload.round(seconds));
        line.put("window_turns", first.turns());
        line.put("first_bytes_per_step", ReferenceWorkload.round(first.bytesPerStep()));
        line.put("last_bytes_per_step", ReferenceWorkload.round(last.bytesPerStep()));
        line.put("growth_last_over_first", ReferenceWorkload.round(last.bytesPerStep() / first.bytesPerStep()));
        line.put("first_used_bytes_per_step", ReferenceWorkload.round(first.usedBytesPerStep()));
        line.put("last_used_bytes_per_step", ReferenceWorkload.round(last.usedBytesPerStep()));
        line.put("used_growth_last_over_first", ReferenceWorkload.round(last.usedBytesPerStep() / first.usedBytesPerStep()));
        line.put("first_payload_bytes_per_step", ReferenceWorkload.round(first.payloadBytesPerStep()));
        line.put("last_payload_bytes_per_step", ReferenceWorkload.round(last.payloadBytesPerStep()));
        line.put("payload_growth_last_over_first", ReferenceWorkload.round(last.payloadBytesPerStep()
                / first.payloadBytesPerStep()));
        line.put("db_bytes_checkpointed", last.dbBytesAtEnd());
        line.put("first_steps_per_sec", Math.round(first.steps() / first.seconds()));
        line.put("last_steps_per_sec", Math.round(last.steps() / last.seconds()));
        line.put("first_step_overhead_p50_ms", first.overhead().p50Millis());
        line.put("last_step_overhead_p50_ms", last.overhead().p50Millis());
        line.put("first_step_overhead_p99_ms", first.overhead().p99Millis());
        line.put("last_step_overhead_p99_ms", last.overhead().p99Millis());
        return line;
    }
}
