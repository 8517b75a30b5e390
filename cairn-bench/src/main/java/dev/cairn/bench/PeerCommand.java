package dev.cairn.bench;

import dev.cairn.core.json.Json;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn bench peer}: the reference workload on the LangGraph.js peer. */
@Command(name = "peer", mixinStandardHelpOptions = true,
        description = "Install the LangGraph.js peer in a temporary folder and run the reference workload on it.")
final class PeerCommand implements Callable<Integer> {

    @Option(names = "--threads", defaultValue = "20", description = "sessions in parallel (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--turns", defaultValue = "10", description = "turns per session (default ${DEFAULT-VALUE})")
    int turns;

    @Option(names = "--peer-dir", description = "the peer's folder (default: ../shared/peers/langgraphjs beside the repository)")
    Path peerDirectory;

    @Override
    public Integer call() throws Exception {
        Shape.check(threads, turns);
        Optional<Peer> installed = Peer.install(peerSource(peerDirectory), System.err);
        if (installed.isEmpty()) {
            return 0;
        }
        try (Peer peer = installed.get()) {
            System.out.println(Json.write(peer.measure(threads, turns)));
        }
        return 0;
    }

    static Path peerSource(Path given) {
        return given != null ? given.toAbsolutePath() : RepositoryRoot.langGraphPeer().orElse(null);
    }
}
