package dev.cairn.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.StoreException;
import dev.cairn.testing.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends from many callers share transactions, so throughput is not one fsync per append. */
class SqliteGroupCommitTest {

    private static final int THREADS = 32;

    @TempDir
    Path directory;

    private final ManualClock clock = ManualClock.at(Instant.parse("2025-03-01T09:00:00Z"));
    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(directory.resolve("cairn.db"), clock);
        for (int i = 0; i < THREADS; i++) {
            store.sessions().create(new SessionRecord("s" + i, "tenant_a", "helper", 1, null, null, clock.instant()));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static List<NewEvent> message(String text) {
        return List.of(NewEvent.of(new EventPayload.UserMessage(null, text)));
    }

    @Test
    void appendsQueuedWhileTheWriterIsBusyCommitAsOneGroup() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> pause = SqliteStoreTest.pauseWriter(store, release);
        long commitsBefore = store.commits();

        List<CompletableFuture<List<Event>>> appends = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(THREADS)) {
            List<Future<CompletableFuture<List<Event>>>> submitted = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String sessionId = "s" + i;
                submitted.add(executor.submit(() -> store.events().append(sessionId, 1, message("hi"))));
            }
            for (Future<CompletableFuture<List<Event>>> append : submitted) {
                appends.add(append.get());
            }
        }
        release.countDown();
        pause.join();
        appends.forEach(StoreException::join);

        assertThat(store.commits() - commitsBefore).as("the pause, then one group of all appends").isEqualTo(2);
    }

    @Test
    void concurrentAppendersShareCommits() throws Exception {
        int appendsPerThread = 50;
        long commitsBefore = store.commits();
        long writesBefore = store.committedWrites();
        CyclicBarrier start = new CyclicBarrier(THREADS);

        try (ExecutorService executor = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String sessionId = "s" + i;
                workers.add(executor.submit(() -> {
                    start.await();
                    for (long last = 1; last <= appendsPerThread; last++) {
                        store.events().appendAndWait(sessionId, last, message("m" + last));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }

        long commits = store.commits() - commitsBefore;
        long appends = store.committedWrites() - writesBefore;
        System.out.printf("group commit: %d appends from %d threads in %d commits, %.1f appends per commit%n",
                appends, THREADS, commits, (double) appends / commits);
        assertThat(appends).isEqualTo((long) THREADS * appendsPerThread);
        assertThat(commits).as("commits for %d appends", appends).isLessThan(appends / 4);
    }
}
