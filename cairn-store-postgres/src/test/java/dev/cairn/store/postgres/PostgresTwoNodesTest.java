package dev.cairn.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.FencedException;
import dev.cairn.core.store.JobRecord;
import dev.cairn.core.store.Lease;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.testing.ManualClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes, each with its own {@link PostgresStore} (its own pool) on one database, competing for
 * the same work: only the database decides between them.
 */
@Timeout(60)
class PostgresTwoNodesTest {

    private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final int ROUNDS = 20;
    private static final int RACERS_PER_NODE = 3;

    @RegisterExtension
    final TestSchema schema = new TestSchema();

    private final ManualClock clock = ManualClock.at(START);
    private PostgresStore nodeA;
    private PostgresStore nodeB;

    @BeforeEach
    void openTwoNodes() {
        nodeA = schema.open(clock);
        nodeB = schema.open(clock);
    }

    @AfterEach
    void closeNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void exactlyOneOfManyRacersOnTwoNodesTakesASessionsLease() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String sessionId = "s" + round;
            createSession(nodeA, sessionId);
            List<Optional<Lease>> outcomes = race(node -> holder -> node.leases().acquire(sessionId, holder, TTL));

            List<Lease> won = outcomes.stream().flatMap(Optional::stream).toList();
            assertThat(won).as("leases handed out in round %d", round).hasSize(1);
            assertThat(won.getFirst().token()).isEqualTo(1);
            assertThat(nodeB.leases().current(sessionId)).contains(won.getFirst());
        }
    }

    @Test
    void exactlyOneOfManyRacersOnTwoNodesClaimsAJob() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String jobId = "job_" + round;
            assertThat(nodeA.jobs().enqueue(JobRecord.queued(jobId, "t1", "memory.extract", null, null,
                    JsonNodeFactory.instance.objectNode(), clock.instant()))).isTrue();
            List<List<JobRecord>> outcomes = race(node -> holder -> node.jobs().claim(holder, TTL, 1));

            List<JobRecord> claimed = outcomes.stream().flatMap(List::stream).toList();
            assertThat(claimed).as("claims in round %d", round).hasSize(1);
            assertThat(claimed.getFirst().id()).isEqualTo(jobId);
            assertThat(nodeB.jobs().find("t1", jobId).orElseThrow().claimedBy()).isEqualTo(claimed.getFirst().claimedBy());
        }
    }

    @Test
    void workersOnTwoNodesClaimEveryJobExactlyOnce() throws Exception {
        int jobs = 60;
        for (int i = 0; i < jobs; i++) {
            nodeA.jobs().enqueue(JobRecord.queued("job_" + i, "t1", "memory.extract", null, null,
                    JsonNodeFactory.instance.objectNode(), clock.instant()));
        }
        List<List<JobRecord>> outcomes = race(node -> holder -> {
            List<JobRecord> mine = new ArrayList<>();
            for (List<JobRecord> claimed = node.jobs().claim(holder, TTL, 2); !claimed.isEmpty();
                 claimed = node.jobs().claim(holder, TTL, 2)) {
                mine.addAll(claimed);
            }
            return mine;
        });

        List<String> claimed = outcomes.stream().flatMap(List::stream).map(JobRecord::id).toList();
        assertThat(claimed).doesNotHaveDuplicates().hasSize(jobs);
        assertThat(outcomes.stream().filter(mine -> !mine.isEmpty()).count()).as("racers that got work").isGreaterThan(1);
    }

    @Test
    void aNodeThatLostItsLeaseCannotAppendAfterTheOtherTookItOver() {
        createSession(nodeA, "s1");
        Lease first = nodeA.leases().acquire("s1", "node_a", TTL).orElseThrow();
        nodeA.events().appendAndWait("s1", 1, List.of(message("a1")), first.token());
        assertThat(nodeB.leases().acquire("s1", "node_b", TTL)).as("live lease of node a").isEmpty();

        clock.advance(TTL);
        Lease taken = nodeB.leases().acquire("s1", "node_b", TTL).orElseThrow();
        nodeB.events().appendAndWait("s1", 2, List.of(message("b1")), taken.token());

        assertThatThrownBy(() -> nodeA.events().appendAndWait("s1", 3, List.of(message("a2")), first.token()))
                .isInstanceOf(FencedException.class).hasMessageContaining("token 2");
        assertThat(nodeA.leases().renew(first, TTL)).isEmpty();
        assertThat(nodeA.events().readAll("s1")).extracting(Event::seq).containsExactly(1L, 2L, 3L);
        assertThat(nodeB.events().readAll("s1").getLast().payload()).isEqualTo(new EventPayload.UserMessage(null, "b1"));
    }

    @Test
    void aTakeoverDoesNotPassAnAppendStillCheckingItsFence() throws Exception {
        createSession(nodeA, "s1");
        Lease first = nodeA.leases().acquire("s1", "node_a", TTL).orElseThrow();
        clock.advance(TTL);
        try (Connection appending = schema.connect()) {
            // what a fenced append of node a holds between its fence check and its commit
            appending.setAutoCommit(false);
            try (Statement statement = appending.createStatement()) {
                statement.execute("SELECT token FROM leases WHERE session_id = 's1' FOR SHARE");
            }

            assertThat(nodeB.leases().acquire("s1", "node_b", TTL)).as("taken over mid-append").isEmpty();
            assertThat(nodeB.leases().current("s1")).contains(first);

            appending.commit();
        }
        assertThat(nodeB.leases().acquire("s1", "node_b", TTL)).hasValueSatisfying(lease ->
                assertThat(lease.token()).isEqualTo(2));
    }

    @Test
    void anAppendThatMeetsATakeoverUnderWayWaitsForItAndIsFenced() throws Exception {
        createSession(nodeA, "s1");
        Lease first = nodeA.leases().acquire("s1", "node_a", TTL).orElseThrow();
        // closed in reverse order: the takeover's connection (rolling it back) before the executor waits for the append
        try (ExecutorService executor = Executors.newSingleThreadExecutor(); Connection takeover = schema.connect();
             Connection observer = schema.connect()) {
            // another node's takeover, written but not yet committed
            takeover.setAutoCommit(false);
            try (Statement statement = takeover.createStatement()) {
                statement.executeUpdate("UPDATE leases SET holder_id = 'node_b', token = 2 WHERE session_id = 's1'");
            }
            Future<List<Event>> append = executor.submit(() ->
                    nodeA.events().appendAndWait("s1", 1, List.of(message("late")), first.token()));
            awaitFenceCheckWaitingForALock(observer);
            assertThat(append).as("the append waits for the takeover to end").isNotDone();

            takeover.commit();
            assertThatThrownBy(append::get).hasCauseInstanceOf(FencedException.class);
        }
        assertThat(nodeB.events().lastSeq("s1")).isEqualTo(1);
    }

    /**
     * Polls the server until a fence check (the append's {@code FOR SHARE}) waits for a row lock.
     * {@code observer} must be in auto-commit: a transaction sees one snapshot of the activity view.
     */
    private static void awaitFenceCheckWaitingForALock(Connection observer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (Statement statement = observer.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet waiting = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE wait_event_type = 'Lock' AND query LIKE '%FROM leases%FOR SHARE%'")) {
                    waiting.next();
                    if (waiting.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("no append waited for the lease row within 10 s");
    }

    /** Runs {@code attempt} on {@link #RACERS_PER_NODE} threads per node, all let go at once. */
    private <T> List<T> race(java.util.function.Function<PostgresStore, java.util.function.Function<String, T>> attempt)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(2 * RACERS_PER_NODE);
        List<Callable<T>> racers = new ArrayList<>();
        for (PostgresStore node : List.of(nodeA, nodeB)) {
            String nodeName = node == nodeA ? "a" : "b";
            for (int i = 0; i < RACERS_PER_NODE; i++) {
                String holder = "node_" + nodeName + "_" + i;
                racers.add(() -> {
                    start.await();
                    return attempt.apply(node).apply(holder);
                });
            }
        }
        List<T> outcomes = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(racers.size())) {
            for (Future<T> outcome : executor.invokeAll(racers)) {
                outcomes.add(outcome.get());
            }
        }
        Set<T> distinct = new HashSet<>(outcomes);
        assertThat(distinct).isNotEmpty();
        return outcomes;
    }

    private void createSession(PostgresStore node, String sessionId) {
        node.sessions().create(new SessionRecord(sessionId, "t1", "helper", 1, null, null, clock.instant()));
    }

    private static NewEvent message(String text) {
        return NewEvent.of(new EventPayload.UserMessage(null, text));
    }
}
