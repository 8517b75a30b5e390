package dev.cairn.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.AppendConflictException;
import dev.cairn.core.store.FencedException;
import dev.cairn.core.store.Lease;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.StoreException;
import dev.cairn.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores open on one file, as two Cairn processes on one data folder would be: each writer
 * has its own connection and caches, and must neither trust them after the other committed nor
 * write while the other's group holds the lock.
 */
class SqliteSharedFileTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final ManualClock clock = ManualClock.at(Instant.parse("2025-03-01T09:00:00Z"));
    private Path databaseFile;
    private SqliteStore first;
    private SqliteStore second;

    @BeforeEach
    void open() {
        databaseFile = directory.resolve("cairn.db");
        first = SqliteStore.open(databaseFile, clock);
        second = SqliteStore.open(databaseFile, clock);
        first.sessions().create(new SessionRecord("s1", "tenant_a", "helper", 1, null, null, clock.instant()));
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    private static List<NewEvent> message(String text) {
        return List.of(NewEvent.of(new EventPayload.UserMessage(null, text)));
    }

    @Test
    void anAppendMadeStaleByTheOtherStoreIsAConflictNotAnError() {
        second.events().appendAndWait("s1", 1, message("second, caching head 2"));
        first.events().appendAndWait("s1", 2, message("first, after a fresh look"));

        assertThatThrownBy(() -> second.events().appendAndWait("s1", 2, message("second, stale")))
                .isInstanceOfSatisfying(AppendConflictException.class,
                        conflict -> assertThat(conflict.actualLastSeq()).isEqualTo(3));
        assertThat(second.events().appendAndWait("s1", 3, message("second, retried")))
                .extracting(Event::seq).containsExactly(4L);
        assertThat(first.events().readAll("s1")).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aLeaseTakenThroughTheOtherStoreFencesThisOne() {
        Lease lost = first.leases().acquire("s1", "worker_1", TTL).orElseThrow();
        first.events().appendAndWait("s1", 1, message("first holder"), lost.token());
        assertThat(second.leases().acquire("s1", "worker_2", TTL)).isEmpty();
        clock.advance(TTL);

        Lease taken = second.leases().acquire("s1", "worker_2", TTL).orElseThrow();

        assertThat(taken.token()).isEqualTo(2);
        assertThatThrownBy(() -> first.events().appendAndWait("s1", 2, message("paused holder"), lost.token()))
                .isInstanceOf(FencedException.class);
        assertThat(second.events().appendAndWait("s1", 2, message("new holder"), taken.token()))
                .extracting(Event::seq).containsExactly(3L);
        assertThat(first.leases().current("s1")).contains(taken);
    }

    @Test
    void aGroupWaitsForTheOtherStoresGroupToCommit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> pause = SqliteStoreTest.pauseWriter(first, release);

        CompletableFuture<List<Event>> waiting = second.events().append("s1", 1, message("waits for the lock"));

        assertThatThrownBy(() -> waiting.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        release.countDown();
        pause.join();
        assertThat(StoreException.join(waiting)).extracting(Event::seq).containsExactly(2L);
    }

    @Test
    void aGroupThatCannotGetTheLockWithinTheBusyTimeoutFailsAndStoresNothing() {
        SqliteStore impatient = SqliteStore.open(databaseFile, clock,
                SqliteStoreOptions.DEFAULTS.withBusyTimeout(Duration.ofMillis(50)));
        try {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> pause = SqliteStoreTest.pauseWriter(first, release);

            assertThatThrownBy(() -> impatient.events().appendAndWait("s1", 1, message("gives up")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("none of them was stored");
            release.countDown();
            pause.join();

            assertThat(impatient.events().lastSeq("s1")).isEqualTo(1);
            assertThat(impatient.events().appendAndWait("s1", 1, message("after the lock"))).extracting(Event::seq)
                    .containsExactly(2L);
        } finally {
            impatient.close();
        }
    }
}
