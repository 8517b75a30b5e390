package dev.cairn.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.store.DutyLock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Duties held across two nodes (two store handles, two pools) with PostgreSQL advisory locks. */
@Timeout(60)
class PostgresDutyLocksTest {

    @RegisterExtension
    final TestSchema schema = new TestSchema();

    private PostgresStore nodeA;
    private PostgresStore nodeB;

    @BeforeEach
    void openTwoNodes() {
        nodeA = schema.open(Clock.systemUTC());
        nodeB = schema.open(Clock.systemUTC());
    }

    @AfterEach
    void closeNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void aDutyIsHeldByOneNodeUntilItGivesItUp() {
        Optional<DutyLock> held = nodeA.exclusive("retention-sweep");

        assertThat(held).isPresent();
        assertThat(nodeB.exclusive("retention-sweep")).isEmpty();
        assertThat(nodeA.exclusive("retention-sweep")).as("a second hold on the same node").isEmpty();
        try (DutyLock other = nodeB.exclusive("another-duty").orElseThrow()) {
            assertThat(other.name()).isEqualTo("another-duty");
        }

        held.get().close();
        held.get().close();
        try (DutyLock taken = nodeB.exclusive("retention-sweep").orElseThrow()) {
            assertThat(nodeA.exclusive("retention-sweep")).isEmpty();
        }
    }

    @Test
    void manyThreadsOnTwoNodesRunADutyOnExactlyOneAtATime() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(8);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                PostgresStore node = t % 2 == 0 ? nodeA : nodeB;
                done.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        Optional<DutyLock> duty = node.exclusive("sweep");
                        if (duty.isPresent()) {
                            try (DutyLock held = duty.get()) {
                                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                                ran.incrementAndGet();
                                Thread.sleep(2);
                                running.decrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        assertThat(mostAtOnce).hasValue(1);
        assertThat(ran.get()).isPositive();
    }

    @Test
    void aNodeWhoseSessionEndsLosesItsDuty() throws Exception {
        DutyLock held = nodeA.exclusive("retention-sweep").orElseThrow();
        assertThat(nodeB.exclusive("retention-sweep")).isEmpty();

        try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    + " AND classid = x'43414952'::int::oid AND objid = hashtext(current_schema() || '/retention-sweep')::oid");
        }

        try (DutyLock taken = nodeB.exclusive("retention-sweep").orElseThrow()) {
            assertThat(taken.name()).isEqualTo("retention-sweep");
        }
        held.close();
        nodeA.exclusive("retention-sweep").orElseThrow().close();
    }

    @Test
    void aClosedStoreGivesItsDutiesUp() {
        nodeA.exclusive("retention-sweep").orElseThrow();

        nodeA.close();

        assertThat(nodeB.exclusive("retention-sweep")).isPresent();
    }

    @Test
    void aDutyTakesNoConnectionOfThePoolSoItsOwnWritesStillGetOne() {
        try (PostgresStore onePooled = PostgresStore.open(schema.options().withPoolSize(1), Clock.systemUTC());
             DutyLock held = onePooled.exclusive("retention-sweep").orElseThrow()) {
            assertThat(onePooled.tenants().createTenant(new dev.cairn.core.store.Tenant("t1", "Tenant one",
                    java.time.Instant.now())).id()).isEqualTo("t1");
            assertThat(nodeB.exclusive("retention-sweep")).isEmpty();
        }
    }

    @Test
    void aBadDutyNameIsRefused() {
        assertThatThrownBy(() -> nodeA.exclusive("Retention Sweep")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Retention Sweep");
    }
}
