package dev.cairn.server.process;

import dev.cairn.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * N Cairn server processes sharing one {@link TestDatabase}, each on a port of its own, with a
 * data folder of its own ({@code FOLDER/node-I}) and a scripted provider named after it
 * ({@code node-I}), behind the default route. Every model event in the log thus names the node
 * that executed it. {@link #start} returns once every node serves; {@link #close} kills whatever
 * is still running (the database is the caller's to drop).
 */
final class ClusterProcesses implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(60);

    private final List<ServerProcess> nodes;
    private final List<ServerApi> apis;

    private ClusterProcesses(List<ServerProcess> nodes, List<ServerApi> apis) {
        this.nodes = nodes;
        this.apis = apis;
    }

    /**
     * Starts {@code count} nodes on {@code database}: the first alone (it migrates the schema and
     * stores the admin key), then the others together.
     *
     * @param extraConfig YAML appended to every node's configuration (for example {@code runs: {lease: 2s}}), or ""
     * @param jvmOptions  extra options of every node's JVM
     */
    static ClusterProcesses start(Path folder, TestDatabase database, int count, String adminKey, String extraConfig,
                                  List<String> jvmOptions) throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, got " + count);
        }
        List<ServerProcess> nodes = new ArrayList<>();
        List<ServerApi> apis = new ArrayList<>();
        try {
            nodes.add(startNode(folder, database, 0, adminKey, extraConfig, jvmOptions));
            apis.add(new ServerApi(nodes.getFirst().baseUrl(START), adminKey));
            for (int index = 1; index < count; index++) {
                nodes.add(startNode(folder, database, index, adminKey, extraConfig, jvmOptions));
            }
            for (int index = 1; index < count; index++) {
                apis.add(new ServerApi(nodes.get(index).baseUrl(START), adminKey));
            }
        } catch (Exception | Error e) {
            for (ServerProcess node : nodes) {
                node.close();
            }
            throw e;
        }
        return new ClusterProcesses(List.copyOf(nodes), List.copyOf(apis));
    }

    private static ServerProcess startNode(Path folder, TestDatabase database, int index, String adminKey,
                                           String extraConfig, List<String> jvmOptions) throws IOException {
        Path home = Files.createDirectories(folder.resolve("node-" + index));
        Path config = home.resolve("cairn.yaml");
        Files.writeString(config, """
                store: %s
                providers: [{name: %s, type: scripted}]
                routes: {default: {targets: [{provider: %s, model: scripted}]}}
                %s
                """.formatted(database.storeUrl(), provider(index), provider(index), extraConfig));
        return ServerProcess.start(home, Map.of("CAIRN_ADMIN_KEY", adminKey, "CAIRN_EGRESS_DEFAULT", "127.0.0.1"),
                jvmOptions, "serve", "--port", "0", "--data", "data", "--config", config.toString());
    }

    /** The name of node {@code index}'s scripted provider, which model events carry. */
    static String provider(int index) {
        return "node-" + index;
    }

    int size() {
        return nodes.size();
    }

    ServerProcess node(int index) {
        return nodes.get(index);
    }

    /** The API of node {@code index}, with the admin key. */
    ServerApi api(int index) {
        return apis.get(index);
    }

    /** Runs {@code task} for every node at once and waits for all of them. */
    <T> List<T> onEveryNode(NodeTask<T> task) throws Exception {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (int index = 0; index < size(); index++) {
            int node = index;
            CompletableFuture<T> future = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    future.complete(task.run(node, api(node)));
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            });
            futures.add(future);
        }
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> future : futures) {
            results.add(future.join());
        }
        return results;
    }

    @FunctionalInterface
    interface NodeTask<T> {
        T run(int index, ServerApi api) throws Exception;
    }

    @Override
    public void close() throws InterruptedException {
        for (ServerProcess node : nodes) {
            node.close();
        }
    }
}
