package dev.cairn.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn bench growth}: stored bytes per step early and late in one long session. */
@Command(name = "growth", mixinStandardHelpOptions = true,
        description = "One session with many turns: stored bytes per step over the first and the last tenth of them.")
final class GrowthCommand implements Callable<Integer> {

    @Option(names = "--turns", defaultValue = "200", description = "turns of the session (default ${DEFAULT-VALUE})")
    int turns;

    @Option(names = "--peer", description = "measure the LangGraph.js peer's growth too (installs it: minutes)")
    boolean withPeer;

    @Option(names = "--peer-dir", description = "the peer's folder (default: ../shared/peers/langgraphjs beside the repository)")
    Path peerDirectory;

    @Option(names = "--warmup-seconds", defaultValue = ReferenceWorkload.DEFAULT_WARMUP_SECONDS,
            description = "warm the JVM up this long first, figures discarded (default ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Override
    public Integer call() throws Exception {
        System.out.println(Json.write(GrowthWorkload.measure(turns, warmupSeconds, System.err)));
        if (withPeer) {
            Optional<Peer> installed = Peer.install(PeerCommand.peerSource(peerDirectory), System.err);
            if (installed.isPresent()) {
                try (Peer peer = installed.get()) {
                    System.out.println(Json.write(peerGrowth(peer)));
                }
            }
        }
        return 0;
    }

    /**
     * The peer's stored bytes per step over the first and last tenth of one thread's turns, from
     * three runs of one thread (a tenth of the turns, all but the last tenth, all of them), each
     * database checkpointed before it is measured.
     */
    private ObjectNode peerGrowth(Peer peer) throws Exception {
        int window = turns / 10;
        long stepsPerWindow = (long) window * ReferenceWorkload.STEPS_PER_TURN;
        System.err.printf("peer growth: 1 thread x %d, %d and %d turns%n", window, turns - window, turns);
        ObjectNode first = peer.measure(1, window);
        ObjectNode allButLast = peer.measure(1, turns - window);
        ObjectNode all = peer.measure(1, turns);
        double firstBytes = (double) first.get("db_bytes_checkpointed").asLong() / stepsPerWindow;
        double lastBytes = (double) (all.get("db_bytes_checkpointed").asLong()
                - allButLast.get("db_bytes_checkpointed").asLong()) / stepsPerWindow;
        ObjectNode line = Json.object();
        line.put("peer", all.get("peer").asText());
        line.put("growth_turns", turns);
        line.put("steps", all.get("steps").asLong());
        line.put("seconds", all.get("seconds").asDouble());
        line.put("window_turns", window);
        line.put("first_bytes_per_step", ReferenceWorkload.round(firstBytes));
        line.put("last_bytes_per_step", ReferenceWorkload.round(lastBytes));
        line.put("growth_last_over_first", ReferenceWorkload.round(lastBytes / firstBytes));
        line.put("db_bytes_checkpointed", all.get("db_bytes_checkpointed").asLong());
        line.put("steps_per_sec", all.get("steps_per_sec").asLong());
        return line;
    }
}
