package dev.cairn.server.process;

import dev.cairn.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N Cairn server processes sharing one PostgreSQL database, each on a port of its own, with a
 * data folder of its own ({@code FOLDER/node-I}) and a scripted provider named after it
 * ({@code node-I}), behind the default route. Every model event in the log thus names the node
 * that executed it, and every node logs the lease holder id its runs execute under
 * ({@link #holderId}). {@link #start} returns once every node serves. A node can be killed
 * (SIGKILL) and started again on its own folder; {@link #close} kills every process ever started
 * here that is still running (the database is the caller's to drop). Driven by one test thread;
 * {@link #onEveryNode} fans out to a thread per node.
 */
final class ClusterProcesses implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(60);
    private static final Pattern HOLDER = Pattern.compile("executing runs as lease holder (\\S+)");
    private static final String RUNTIME_LOG = "-Dorg.slf4j.simpleLogger.log.dev.cairn.core.runtime=info";

    private final Path folder;
    private final String storeUrl;
    private final String adminKey;
    private final String extraConfig;
    private final List<String> jvmOptions;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<ServerApi> apis = new ArrayList<>();
    private final List<ServerProcess> everyProcess = new ArrayList<>();

    private ClusterProcesses(Path folder, String storeUrl, String adminKey, String extraConfig, List<String> jvmOptions) {
        this.folder = folder;
        this.storeUrl = storeUrl;
        this.adminKey = adminKey;
        this.extraConfig = extraConfig;
        this.jvmOptions = List.copyOf(jvmOptions);
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
        return start(folder, database.storeUrl(), count, adminKey, extraConfig, jvmOptions);
    }

    /** As {@link #start(Path, TestDatabase, int, String, String, List)}, on the store {@code storeUrl} names. */
    static ClusterProcesses start(Path folder, String storeUrl, int count, String adminKey, String extraConfig,
                                  List<String> jvmOptions) throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, got " + count);
        }
        ClusterProcesses cluster = new ClusterProcesses(folder, storeUrl, adminKey, extraConfig, jvmOptions);
        try {
            cluster.nodes.add(cluster.launch(0));
            cluster.apis.add(null);
            cluster.awaitServing(0);
            for (int index = 1; index < count; index++) {
                cluster.nodes.add(cluster.launch(index));
                cluster.apis.add(null);
            }
            for (int index = 1; index < count; index++) {
                cluster.awaitServing(index);
            }
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The name of node {@code index}'s scripted provider, which model events carry. */
    static String provider(int index) {
        return "node-" + index;
    }

    int size() {
        return nodes.size();
    }

    /** Node {@code index}'s current process. */
    ServerProcess node(int index) {
        return nodes.get(index);
    }

    /** The API of node {@code index}'s latest process to serve, with the admin key. */
    ServerApi api(int index) {
        return apis.get(index);
    }

    /** Whether node {@code index}'s current process is alive and has said where it serves. */
    boolean serving(int index) {
        return nodes.get(index).alive() && nodes.get(index).serving();
    }

    /** The APIs of the nodes serving now. */
    List<ServerApi> serving() throws Exception {
        List<ServerApi> serving = new ArrayList<>();
        for (int index = 0; index < size(); index++) {
            if (serving(index)) {
                awaitServing(index);
                serving.add(api(index));
            }
        }
        return serving;
    }

    /** The lease holder id of node {@code index}'s current process, once it has said it. */
    Optional<String> holderId(int index) {
        for (String line : nodes.get(index).output()) {
            Matcher matcher = HOLDER.matcher(line);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /** Kills node {@code index}'s process with SIGKILL. */
    void kill(int index) throws InterruptedException {
        nodes.get(index).kill();
    }

    /** Starts node {@code index} again, on its own data folder, and waits until it serves. */
    void restart(int index) throws Exception {
        relaunch(index);
        awaitServing(index);
    }

    /** Starts node {@code index} again, on its own data folder, without waiting for it to serve. */
    void relaunch(int index) throws IOException {
        if (nodes.get(index).alive()) {
            throw new IllegalStateException("node " + index + " is still running");
        }
        nodes.set(index, launch(index));
    }

    /** Waits until node {@code index}'s current process serves. */
    void awaitServing(int index) throws Exception {
        apis.set(index, new ServerApi(nodes.get(index).baseUrl(START), adminKey));
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

    /** Lines any process ever started here logged that contain {@code text}, for failure messages. */
    List<String> linesMentioning(String text) {
        return everyProcess.stream().flatMap(process -> process.output().stream()).filter(line -> line.contains(text))
                .toList();
    }

    /** Lines any process ever started here logged at ERROR. */
    List<String> errors() {
        return linesMentioning(" ERROR ");
    }

    private ServerProcess launch(int index) throws IOException {
        Path home = Files.createDirectories(folder.resolve("node-" + index));
        Path config = home.resolve("cairn.yaml");
        Files.writeString(config, """
                store: "%s"
                providers: [{name: %s, type: scripted}]
                routes: {default: {targets: [{provider: %s, model: scripted}]}}
                %s
                """.formatted(storeUrl, provider(index), provider(index), extraConfig));
        List<String> options = new ArrayList<>(jvmOptions);
        options.add(RUNTIME_LOG);
        ServerProcess process = ServerProcess.start(home, Map.of("CAIRN_ADMIN_KEY", adminKey, "CAIRN_EGRESS_DEFAULT",
                "127.0.0.1"), options, "serve", "--port", "0", "--data", "data", "--config", config.toString());
        everyProcess.add(process);
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        for (ServerProcess process : everyProcess) {
            process.close();
        }
    }
}
