package dev.cairn.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.AppendConflictException;
import dev.cairn.core.store.ChangeFeed;
import dev.cairn.core.store.SessionChange;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.testing.ManualClock;
import dev.cairn.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two stores (two nodes) on one fresh database: what one commits, the other's change feed
 * announces, after the commit and never for a write that failed; the feed's own connection,
 * killed by the server, comes back and asks its listeners to resync.
 */
@Timeout(60)
class PostgresChangeFeedTest {

    private final ManualClock clock = ManualClock.at(Instant.parse("2025-03-01T09:00:00Z"));
    private final LinkedBlockingQueue<SessionChange> heard = new LinkedBlockingQueue<>();
    private final AtomicInteger resyncs = new AtomicInteger();
    private TestDatabase database;
    private PostgresStore nodeA;
    private PostgresStore nodeB;

    @BeforeEach
    void openTwoNodes() throws Exception {
        database = TestDatabase.create("feed");
        nodeA = PostgresStore.open(PostgresStoreOptions.of(database.jdbcUrl(), TestDatabase.USER, null).withPoolSize(3), clock);
        nodeB = PostgresStore.open(PostgresStoreOptions.of(database.jdbcUrl(), TestDatabase.USER, null).withPoolSize(3), clock);
        nodeA.changes().subscribe(new ChangeFeed.Listener() {
            @Override
            public void changed(SessionChange change) {
                heard.add(change);
            }

            @Override
            public void resync() {
                resyncs.incrementAndGet();
            }
        });
        awaitResyncs(1); // the feed listens from here on
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
        database.close();
    }

    @Test
    void aCommitOnOneNodeIsAnnouncedToTheOtherWithItsSequenceRangeAndWhetherItSchedules() throws Exception {
        nodeB.sessions().create(new SessionRecord("s1", "t1", "helper", 1, null, null, clock.instant()));
        assertThat(next()).isEqualTo(new SessionChange("t1", "s1", 1, 1, false));

        nodeB.events().appendAndWait("s1", 1, List.of(NewEvent.of(new EventPayload.UserMessage("m1", "hi")),
                NewEvent.ofRun("r1", new EventPayload.RunQueued("message", 2))));
        SessionChange queued = next();
        assertThat(queued).isEqualTo(new SessionChange("t1", "s1", 2, 3, true));
        assertThat(nodeA.events().lastSeq("s1")).as("what the announcement names is readable at once").isEqualTo(3);

        nodeB.events().appendAndWait("s1", 3, List.of(NewEvent.of(new EventPayload.UserMessage("m2", "more"))));
        assertThat(next()).isEqualTo(new SessionChange("t1", "s1", 4, 4, false));
    }

    @Test
    void aNodeIsNotToldOfItsOwnCommitsNorOfWritesThatFailed() throws Exception {
        nodeA.sessions().create(new SessionRecord("s1", "t1", "helper", 1, null, null, clock.instant()));
        assertThatThrownBy(() -> nodeB.events().appendAndWait("s1", 7, List.of(NewEvent.of(new EventPayload.UserMessage("m", "x")))))
                .isInstanceOf(AppendConflictException.class);
        nodeB.events().appendAndWait("s1", 1, List.of(NewEvent.of(new EventPayload.UserMessage("m", "x"))));

        assertThat(next()).as("the first change A hears").isEqualTo(new SessionChange("t1", "s1", 2, 2, false));
        assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void theFeedReconnectsAfterTheServerDropsItsConnectionAndAsksForAResync() throws Exception {
        nodeB.sessions().create(new SessionRecord("s1", "t1", "helper", 1, null, null, clock.instant()));
        next();
        assertThat(terminateFeedConnections()).as("feed connections the server ended").isEqualTo(1);
        nodeB.events().appendAndWait("s1", 1, List.of(NewEvent.of(new EventPayload.UserMessage("m", "while away"))));

        awaitResyncs(2);
        nodeB.events().appendAndWait("s1", 2, List.of(NewEvent.of(new EventPayload.UserMessage("m", "back"))));
        SessionChange after = next();
        if (after.toSeq() == 2) { // the append made while away, announced before the connection was gone
            after = next();
        }
        assertThat(after.toSeq()).as("the last sequence announced after the reconnect").isEqualTo(3);
    }

    private SessionChange next() throws InterruptedException {
        SessionChange change = heard.poll(10, TimeUnit.SECONDS);
        assertThat(change).as("a change heard within 10 s").isNotNull();
        return change;
    }

    private void awaitResyncs(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (resyncs.get() < count) {
            assertThat(System.nanoTime()).as("resync %d within 15 s", count).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private int terminateFeedConnections() throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM "
                     + "pg_stat_activity WHERE datname = current_database() AND application_name = '"
                     + PostgresChangeFeed.APPLICATION_NAME + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
