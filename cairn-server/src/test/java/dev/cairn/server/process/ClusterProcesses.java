package dev.cairn.server.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several identical Cairn server processes on one store, as a cluster is deployed: node {@code i}
 * has a data folder of its own ({@code node-i} under the working folder), listens on a port of its
 * own, and answers with a scripted provider named {@code node-i}, so every model event in a log
 * names the node that wrote it. Nodes can be killed (SIGKILL) and started again; a started node
 * logs the lease holder id its runs execute under, which {@link #holderId} answers. Every process
 * ever started is killed by {@link #close}. Not thread-safe: one test thread drives it.
 */
final class ClusterProcesses implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(60);
    private static final Pattern HOLDER = Pattern.compile("executing runs as lease holder (\\S+)");

    /** What every node is started with. */
    record Settings(String storeUrl, Duration lease, String adminKey, Map<String, String> environment) {
        Settings {
            environment = Map.copyOf(environment);
        }
    }

    private final Path folder;
    private final Settings settings;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<ServerProcess> everyProcess = new ArrayList<>();

    private ClusterProcesses(Path folder, Settings settings) {
        this.folder = folder;
        this.settings = settings;
    }

    /** Starts {@code count} nodes at once and waits until each serves. */
    static ClusterProcesses start(Path folder, int count, Settings settings) throws Exception {
        ClusterProcesses cluster = new ClusterProcesses(folder, settings);
        for (int node = 0; node < count; node++) {
            cluster.nodes.add(cluster.launch(node));
        }
        for (int node = 0; node < count; node++) {
            cluster.awaitServing(node);
        }
        return cluster;
    }

    int size() {
        return nodes.size();
    }

    ServerProcess process(int node) {
        return nodes.get(node);
    }

    /** The API of the node's current process; it must serve. */
    ServerApi api(int node) throws Exception {
        ServerProcess process = nodes.get(node);
        if (!process.alive() || !process.serving()) {
            throw new IllegalStateException("node " + node + " is not serving");
        }
        return new ServerApi(process.baseUrl(START), settings.adminKey());
    }

    /** Whether the node's current process is alive and has said where it serves. */
    boolean serving(int node) {
        return nodes.get(node).alive() && nodes.get(node).serving();
    }

    /** The APIs of the nodes serving now. */
    List<ServerApi> serving() throws Exception {
        List<ServerApi> serving = new ArrayList<>();
        for (int node = 0; node < nodes.size(); node++) {
            if (serving(node)) {
                serving.add(api(node));
            }
        }
        return serving;
    }

    /** The lease holder id of the node's current process, once it has said it. */
    Optional<String> holderId(int node) {
        for (String line : nodes.get(node).output()) {
            Matcher matcher = HOLDER.matcher(line);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /** Kills the node's process with SIGKILL. */
    void kill(int node) throws InterruptedException {
        nodes.get(node).kill();
    }

    /** Starts the node again, on its own data folder, and waits until it serves. */
    void restart(int node) throws Exception {
        relaunch(node);
        awaitServing(node);
    }

    /** Starts the node again, on its own data folder, without waiting for it to serve. */
    void relaunch(int node) throws IOException {
        if (nodes.get(node).alive()) {
            throw new IllegalStateException("node " + node + " is still running");
        }
        nodes.set(node, launch(node));
    }

    /** Waits until the node's current process serves. */
    void awaitServing(int node) throws Exception {
        nodes.get(node).baseUrl(START);
    }

    /** Lines any process ever started here logged that contain {@code text}, for failure messages. */
    List<String> linesMentioning(String text) {
        return everyProcess.stream().flatMap(process -> process.output().stream()).filter(line -> line.contains(text))
                .toList();
    }

    /** Lines any process ever started here logged at ERROR, or naming an exception. */
    List<String> errors() {
        return everyProcess.stream().flatMap(process -> process.output().stream())
                .filter(line -> line.contains(" ERROR ") || line.contains("Exception")).toList();
    }

    private ServerProcess launch(int node) throws IOException {
        String name = "node-" + node;
        Path config = folder.resolve(name + ".yaml");
        Files.writeString(config, """
                store: "%s"
                providers: [{name: %s, type: scripted}]
                routes: {default: {targets: [{provider: %s, model: scripted}]}}
                runs: {lease: %dms}
                """.formatted(settings.storeUrl(), name, name, settings.lease().toMillis()));
        Map<String, String> environment = new HashMap<>(settings.environment());
        environment.put("CAIRN_ADMIN_KEY", settings.adminKey());
        ServerProcess process = ServerProcess.start(folder, environment,
                List.of("-Dorg.slf4j.simpleLogger.log.dev.cairn.core.runtime=info"),
                "serve", "--port", "0", "--data", name, "--config", config.toString());
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
