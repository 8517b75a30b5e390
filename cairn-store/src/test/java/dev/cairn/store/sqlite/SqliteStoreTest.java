package dev.cairn.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.event.UnknownEventTypeException;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.StoreException;
import dev.cairn.testing.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite store promises beyond the contracts: its settings, decoding, lifecycle and failures. */
class SqliteStoreTest {

    @TempDir
    Path directory;

    private final ManualClock clock = ManualClock.at(Instant.parse("2025-03-01T09:00:00Z"));
    private Path databaseFile;
    private SqliteStore store;

    @BeforeEach
    void open() {
        databaseFile = directory.resolve("cairn.db");
        store = SqliteStore.open(databaseFile, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void createSession(String sessionId) {
        store.sessions().create(new SessionRecord(sessionId, "tenant_a", "helper", 1, null, null, clock.instant()));
    }

    private static NewEvent message(String text) {
        return NewEvent.of(new EventPayload.UserMessage(null, text));
    }

    @Test
    void theWriterUsesWalAndFullSynchronousCommits() {
        assertThat(store.writerPragma("journal_mode")).isEqualTo("wal");
        assertThat(store.writerPragma("synchronous")).isEqualTo("2");
        assertThat(store.writerPragma("foreign_keys")).isEqualTo("1");
    }

    @Test
    void aStoredEventOfAnUnknownTypeIsRefusedByName() throws SQLException {
        createSession("s1");
        insertRaw("INSERT INTO events (session_id, seq, type, payload, created_at)"
                + " VALUES ('s1', 2, 'java.lang.Runtime', '{\"command\":\"rm -rf /\"}', 0)");

        assertThatThrownBy(() -> store.events().readAll("s1"))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("'java.lang.Runtime'");
        assertThat(store.events().read("s1", 0, 1)).hasSize(1);
    }

    @Test
    void aStoredPayloadThatDoesNotFitItsTypeIsRefused() throws SQLException {
        createSession("s1");
        insertRaw("INSERT INTO events (session_id, seq, type, payload, created_at)"
                + " VALUES ('s1', 2, 'message.user', '{\"content\":\"hi\",\"@class\":\"java.lang.Object\"}', 0)");

        assertThatThrownBy(() -> store.events().readAll("s1"))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("'message.user'");
    }

    private void insertRaw(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
            statement.execute(sql);
        }
    }

    @Test
    void appendsToOneSessionMayBePipelined() {
        createSession("s1");

        List<CompletableFuture<List<Event>>> appends = new ArrayList<>();
        for (long expected = 1; expected <= 20; expected++) {
            appends.add(store.events().append("s1", expected, List.of(message("m" + expected))));
        }

        assertThat(appends).allSatisfy(append -> assertThat(StoreException.join(append)).hasSize(1));
        assertThat(store.events().lastSeq("s1")).isEqualTo(21);
    }

    @Test
    void emptyOrNegativeAppendsAreRefused() {
        createSession("s1");

        assertThatThrownBy(() -> store.events().appendAndWait("s1", 1, List.of()))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.events().appendAndWait("s1", -1, List.of(message("x"))))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void negativeFencingTokensAndTtlsUnderAMillisecondAreRefused() {
        createSession("s1");

        assertThatThrownBy(() -> store.events().appendAndWait("s1", 1, List.of(message("x")), -1))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("fencing token");
        assertThatThrownBy(() -> store.leases().acquire("s1", "worker_1", Duration.ZERO))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> store.leases().acquire("s1", "worker_1", Duration.ofNanos(999_999)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ttl");
        assertThat(store.leases().current("s1")).isEmpty();
    }

    @Test
    void aFailedCommitFailsTheWholeGroupAndStoresNothing() throws Exception {
        createSession("s1");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> pause = pauseWriter(store, release);
        CompletableFuture<List<Event>> innocent = store.events().append("s1", 1, List.of(message("innocent")));
        CompletableFuture<Integer> orphan = store.submitWrite(transaction -> {
            // Deferred foreign keys are checked at COMMIT: this makes the group's commit fail.
            transaction.update("PRAGMA defer_foreign_keys = ON");
            return transaction.update("INSERT INTO events (session_id, seq, type, payload, created_at)"
                    + " VALUES ('missing', 1, 'message.user', '{\"content\":\"x\"}', 0)");
        });
        release.countDown();
        pause.join();

        assertThatThrownBy(() -> StoreException.join(innocent)).isInstanceOf(StoreException.class)
                .hasMessageContaining("none of them was stored");
        assertThatThrownBy(() -> StoreException.join(orphan)).isInstanceOf(StoreException.class);
        assertThat(store.events().lastSeq("s1")).isEqualTo(1);
        assertThat(store.events().appendAndWait("s1", 1, List.of(message("retry")))).extracting(Event::seq)
                .containsExactly(2L);
    }

    @Test
    void closeCommitsEveryWriteAlreadySubmitted() {
        createSession("s1");
        List<CompletableFuture<List<Event>>> appends = new ArrayList<>();
        for (long expected = 1; expected <= 50; expected++) {
            appends.add(store.events().append("s1", expected, List.of(message("m" + expected))));
        }

        store.close();

        assertThat(appends).allSatisfy(append -> assertThat(append).isCompleted().isNotCompletedExceptionally());
        store = SqliteStore.open(databaseFile, clock);
        assertThat(store.events().lastSeq("s1")).isEqualTo(51);
    }

    @Test
    void aClosedStoreRefusesReadsAndWritesAndMayBeClosedAgain() {
        createSession("s1");
        assertThat(store.ready()).isTrue();

        store.close();
        store.close();

        assertThat(store.ready()).isFalse();
        assertThatThrownBy(() -> store.events().readAll("s1")).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.events().appendAndWait("s1", 1, List.of(message("late"))))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> createSession("s2")).isInstanceOf(StoreException.class);
        store = SqliteStore.open(databaseFile, clock);
    }

    @Test
    void readersOnManyVirtualThreadsSeeOnlyWholeCommits() throws Exception {
        createSession("s1");
        int batches = 40;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> writer = executor.submit(() -> {
                long last = 1;
                for (int batch = 0; batch < batches; batch++) {
                    last = store.events().appendAndWait("s1", last, List.of(message("a"), message("b"))).getLast().seq();
                }
            });
            List<Future<List<Event>>> readers = new ArrayList<>();
            for (int reader = 0; reader < 200; reader++) {
                readers.add(executor.submit(() -> store.events().readAll("s1")));
            }
            writer.get();
            for (Future<List<Event>> reader : readers) {
                List<Event> seen = reader.get();
                assertThat(seen.size() % 2).as("whole batches of two after session.created").isEqualTo(1);
                assertThat(seen).extracting(Event::seq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, seen.size()).boxed().toList());
            }
        }
        assertThat(store.events().lastSeq("s1")).isEqualTo(1 + 2 * batches);
    }

    @Test
    void eventTimesComeFromTheClockToTheMillisecond() {
        createSession("s1");
        clock.set(Instant.parse("2025-03-01T09:00:00.123456789Z"));

        Event stored = store.events().appendAndWait("s1", 1, List.of(message("hi"))).getFirst();

        assertThat(stored.createdAt()).isEqualTo(Instant.parse("2025-03-01T09:00:00.123Z"));
        assertThat(store.events().read("s1", 1, 1)).containsExactly(stored);
    }

    @Test
    void sessionMetadataKeepsJsonNull() {
        SessionRecord session = new SessionRecord("s1", "tenant_a", "helper", 1, "u", NullNode.getInstance(),
                clock.instant());
        store.sessions().create(session);

        assertThat(store.sessions().find("tenant_a", "s1")).contains(session);
        assertThat(store.events().readAll("s1").getFirst().payload())
                .isEqualTo(new EventPayload.SessionCreated("helper", 1, "u", NullNode.getInstance()));
    }

    @Test
    void badOptionsAreRefusedByName() {
        assertThatThrownBy(() -> SqliteStoreOptions.DEFAULTS.withMaxBatchSize(0))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("max-batch-size");
        assertThatThrownBy(() -> SqliteStoreOptions.DEFAULTS.withReadConnections(0))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("read-connections");
        assertThatThrownBy(() -> SqliteStoreOptions.DEFAULTS.withBusyTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("busy-timeout");
    }

    /** Occupies the writer, in a group of its own, until {@code release} opens. */
    static CompletableFuture<Void> pauseWriter(SqliteStore store, CountDownLatch release) {
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Void> pause = store.submitWrite(transaction -> {
            running.countDown();
            awaitUninterruptibly(release);
            return null;
        });
        awaitUninterruptibly(running);
        return pause;
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
