package dev.cairn.bench;

import dev.cairn.core.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn bench growth}: stored bytes per step early and late in one long session. */
@Command(name = "growth", mixinStandardHelpOptions = true,
        description = "One session with many turns: stored bytes per step over the first and the last tenth of them.")
final class GrowthCommand implements Callable<Integer> {

    @Option(names = "--turns", defaultValue = "200", description = "turns of the session (default ${DEFAULT-VALUE})")
    int turns;

    @Override
    public Integer call() throws Exception {
        System.out.println(Json.write(GrowthWorkload.measure(turns, System.err)));
        return 0;
    }
}
