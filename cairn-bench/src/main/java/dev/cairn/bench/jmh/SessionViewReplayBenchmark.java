package dev.cairn.bench.jmh;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rebuilding a session's state from a log of 1,000 events: folding events already in memory, and
 * what loading a session the process has not cached costs, reading and decoding them from SQLite
 * first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SessionViewReplayBenchmark {

    private static final int EVENTS = 1_000;

    private List<Event> events;
    private Path directory;
    private SqliteStore store;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        events = ReferenceEvents.log(EVENTS);
        directory = Files.createTempDirectory("cairn-jmh-replay-");
        store = SqliteStore.open(directory.resolve("replay.db"), Clock.systemUTC());
        store.sessions().create(new SessionRecord(ReferenceEvents.SESSION, "default", "bench", 1, "bench", null,
                Clock.systemUTC().instant()));
        List<NewEvent> rest = events.subList(1, EVENTS).stream()
                .map(event -> new NewEvent(event.runId(), event.payload())).toList();
        store.events().appendAndWait(ReferenceEvents.SESSION, 1, rest);
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

    @Benchmark
    public SessionView replayInMemory() {
        return SessionView.replay(ReferenceEvents.SESSION, events);
    }

    @Benchmark
    public SessionView readAndReplayFromSqlite() {
        return SessionView.replay(ReferenceEvents.SESSION, store.events().readAll(ReferenceEvents.SESSION));
    }
}
