package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testing.postgres.TestDatabase;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A smoke test of the workload on PostgreSQL: two nodes on a fresh database share the sessions,
 * every step is timed whichever node commits it, and what the steps wrote is measured. Also the
 * options that only make sense with {@code --store}.
 */
class PostgresReferenceWorkloadTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void twoNodesShareTheSessionsAndEveryStepIsTimedAndMeasured() throws Exception {
        try (TestDatabase database = TestDatabase.create("benchref")) {
            PostgresReferenceWorkload.Result result = PostgresReferenceWorkload.measure(database.storeUrl(), 2, 4, 2, 0,
                    QUIET);

            assertThat(result.steps()).isEqualTo(4 * 2 * ReferenceWorkload.STEPS_PER_TURN);
            assertThat(result.overhead().steps()).isEqualTo(result.steps());
            assertThat(result.overhead().unfinishedRuns()).isZero();
            assertThat(result.walBytes()).as("WAL written by the measured steps").isPositive();
            assertThat(result.json().path("nodes").asInt()).isEqualTo(2);
            assertThat(result.json().path("steps_per_sec").asLong()).isPositive();
        }
    }

    @Test
    void nodesNeedAStoreToShare() {
        assertThatThrownBy(() -> reference(2).call())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nodes needs --store");
        assertThatThrownBy(() -> reference(0).call())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nodes must be at least 1, got 0");
        FailoverCommand failover = new FailoverCommand();
        new CommandLine(failover).parseArgs("--nodes", "3");
        assertThatThrownBy(failover::call)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nodes needs --store");
    }

    private static ReferenceCommand reference(int nodes) {
        ReferenceCommand command = new ReferenceCommand();
        new CommandLine(command).parseArgs("--nodes", String.valueOf(nodes), "--warmup-seconds", "0");
        return command;
    }
}
