package dev.cairn.bench.jmh;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Durable appends to the SQLite store: each operation appends one model step's batch of four
 * events to the thread's own session and waits until it is on disk (fsync). With 16 threads
 * the writer commits many appends per fsync (group commit), so operations per second rise
 * far above what one thread gets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SqliteAppendBenchmark {

    private Path directory;
    SqliteStore store;

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("cairn-jmh-append-");
        store = SqliteStore.open(directory.resolve("append.db"), Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** A session of one benchmark thread, and the sequence number its next append expects. */
    @State(Scope.Thread)
    public static class ThreadSession {
        String sessionId;
        long lastSeq;
        int step;

        @Setup(Level.Trial)
        public void create(SqliteAppendBenchmark benchmark) {
            sessionId = "ses_" + UUID.randomUUID();
            benchmark.store.sessions().create(new SessionRecord(sessionId, "default", "bench", 1, null, null,
                    Clock.systemUTC().instant()));
            lastSeq = 1;
        }

        List<Event> append(SqliteStore store) {
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
