package dev.cairn.bench;

import dev.cairn.core.json.Json;
import dev.cairn.testing.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn bench fanout}: two real server processes on one fresh PostgreSQL database (the
 * machine's, dropped afterwards); runs posted through one are executed there, and event streams
 * through both time each event from its commit to its delivery (see {@link FanoutWorkload}).
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "Time events committed on one server until an event stream on another server delivers them.")
final class FanoutCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "300", description = "measured runs (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup-runs", defaultValue = "50", description = "runs before measuring (default ${DEFAULT-VALUE})")
    int warmupRuns;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || warmupRuns < 0) {
            throw new IllegalArgumentException("--runs must be at least 1 and --warmup-runs at least 0, got "
                    + runs + " and " + warmupRuns);
        }
        Path folder = Files.createTempDirectory("cairn-fanout");
        try (TestDatabase database = TestDatabase.create("fanout")) {
            FanoutWorkload.Result result = FanoutWorkload.measure(database.storeUrl(), folder, warmupRuns, runs, System.err);
            System.out.println(Json.write(result.toJson()));
        }
        return 0;
    }
}
