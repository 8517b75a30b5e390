package dev.cairn.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.agent.Durations;
import dev.cairn.core.json.Json;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn bench failover}: for each lease length, kills a real server process mid-run
 * REPEAT times and times the run's next committed step in the restarted process, or, with several
 * nodes on a PostgreSQL database, in another node (see {@link FailoverWorkload}); prints each
 * failover, then per lease the median and the maximum.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Kill -9 a server mid-run and time the run's next committed step in the restarted server.")
final class FailoverCommand implements Callable<Integer> {

    @Option(names = "--leases", defaultValue = "10s,2s",
            description = "session lease lengths to measure, comma-separated (default ${DEFAULT-VALUE})")
    String leases;

    @Option(names = "--repeat", defaultValue = "5", description = "kills per lease (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--seed", description = "seed of the random kill moments (default: the time)")
    Long seed;

    @Option(names = "--store", description = "a PostgreSQL database the servers share (postgres://USER@HOST:PORT/DB),"
            + " migrated and filled, never emptied (default: a fresh SQLite file)")
    String store;

    @Option(names = "--nodes", defaultValue = "1",
            description = "servers sharing the --store database; the one executing the run is killed and another"
                    + " resumes it (default ${DEFAULT-VALUE}: a new process on the same store resumes it)")
    int nodes;

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
        }
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        }
        if (nodes > 1 && store == null) {
            throw new IllegalArgumentException("--nodes needs --store: nodes share a PostgreSQL database");
        }
        List<String> selected = List.of(leases.split(",")).stream().map(String::trim).toList();
        for (String lease : selected) {
            if (Durations.parse("--leases", lease).toMillis() < 500) {
                throw new IllegalArgumentException("--leases: a lease must last at least 500ms, got " + lease);
            }
        }
        SplittableRandom random = new SplittableRandom(seed != null ? seed : System.nanoTime());
        for (String lease : selected) {
            long leaseMillis = Durations.parse("--leases", lease).toMillis();
            List<FailoverWorkload.Failover> failovers = FailoverWorkload.measure(lease, leaseMillis, repeat, store, nodes,
                    random.split(), System.out, System.err);
            ObjectNode summary = summary(lease, failovers);
            summary.put("store", store == null ? "sqlite" : "postgres");
            summary.put("nodes", nodes);
            System.out.println(Json.write(summary));
        }
        return 0;
    }

    private static ObjectNode summary(String lease, List<FailoverWorkload.Failover> failovers) {
        ObjectNode summary = Json.object();
        summary.put("failover", lease);
        summary.put("repeat", failovers.size());
        figures(summary, "next_step_after_lease_ms", failovers, FailoverWorkload.Failover::stepAfterLeaseMillis);
        figures(summary, "next_step_after_expiry_ms", failovers, FailoverWorkload.Failover::stepAfterExpiryMillis);
        figures(summary, "kill_to_next_step_ms", failovers, FailoverWorkload.Failover::stepMillis);
        figures(summary, "restart_to_serving_ms", failovers, FailoverWorkload.Failover::restartMillis);
        summary.put("tool_repeated_with_same_key", failovers.stream().allMatch(FailoverWorkload.Failover::sameKey));
        return summary;
    }

    private static void figures(ObjectNode summary, String name, List<FailoverWorkload.Failover> failovers,
                                ToLongFunction<FailoverWorkload.Failover> figure) {
        List<Double> values = failovers.stream().map(failover -> (double) figure.applyAsLong(failover)).toList();
        summary.put(name + "_p50", Math.round(CompareCommand.median(values)));
        summary.put(name + "_max", Math.round(values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
    }
}
