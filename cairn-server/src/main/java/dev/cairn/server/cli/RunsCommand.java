package dev.cairn.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn runs}: the newest runs, one line each. */
@Command(name = "runs", description = "List recent runs.", mixinStandardHelpOptions = true)
final class RunsCommand implements Callable<Integer> {

    @Option(names = "--session", description = "only this session's runs")
    String session;

    @Option(names = "--state", description = "only runs in this state (queued, running, completed, failed, cancelled, ...)")
    String state;

    @Option(names = "--limit", defaultValue = "20", description = "how many (default ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Override
    public Integer call() {
        StringBuilder query = new StringBuilder("/v1/runs?limit=").append(limit);
        if (session != null) {
            query.append("&session_id=").append(session);
        }
        if (state != null) {
            query.append("&state=").append(state);
        }
        JsonNode runs = options.client().get(query.toString()).path("runs");
        System.out.printf("%-26s %-26s %-12s %s%n", "RUN", "SESSION", "STATE", "CREATED");
        for (JsonNode run : runs) {
            System.out.printf("%-26s %-26s %-12s %s%n", run.path("id").asText(), run.path("session_id").asText(),
                    run.path("state").asText(), run.path("created_at").asText());
        }
        if (runs.isEmpty()) {
            System.out.println("(no runs)");
        }
        return 0;
    }
}
