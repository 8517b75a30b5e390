package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.store.postgres.PostgresStoreOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How long a run stands still when the server executing it dies. A real server process, on a
 * session lease of the given length, executes a run that is in the middle of a tool call (an
 * idempotent HTTP tool that the harness holds unanswered); the harness kills the process with
 * SIGKILL at a random moment of the lease's heartbeat cycle and times, from the kill, the run's
 * {@code run.resumed} and its next committed step: the tool call made again with the same
 * idempotency key and answered at once. With one node the harness starts a new process on the same
 * store at once, and that one resumes the run; with several nodes sharing a PostgreSQL database it
 * kills the node holding the session's lease, one of the others resumes the run, and the killed
 * node is started again only after. Times of events are their {@code created_at}, stamped by the
 * server's clock inside the committing transaction; the machine's clock is the harness's too.
 */
final class FailoverWorkload {

    private static final String KEY = "cairn_sk_failover_bench_key_0123456789";
    private static final String AGENT = "failover";
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration STEP = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One kill and what followed, in milliseconds from the kill. */
    record Failover(long leaseMillis, long leaseLeftAtKillMillis, long restartMillis, long resumedMillis, long stepMillis,
                    boolean sameKey) {

        long stepAfterLeaseMillis() {
            return stepMillis - leaseMillis;
        }

        long stepAfterExpiryMillis() {
            return stepMillis - leaseLeftAtKillMillis;
        }

        ObjectNode json(String lease, int repetition) {
            ObjectNode line = Json.object();
            line.put("failover", lease);
            line.put("repetition", repetition);
            line.put("lease_ms", leaseMillis);
            line.put("lease_left_at_kill_ms", leaseLeftAtKillMillis);
            line.put("restart_to_serving_ms", restartMillis);
            line.put("kill_to_resumed_ms", resumedMillis);
            line.put("kill_to_next_step_ms", stepMillis);
            line.put("next_step_after_lease_ms", stepAfterLeaseMillis());
            line.put("next_step_after_expiry_ms", stepAfterExpiryMillis());
            line.put("tool_repeated_with_same_key", sameKey);
            return line;
        }
    }

    private final String lease;
    private final long leaseMillis;
    private final Path dataDir;
    private final String storeUrl;
    private final HeldTool tool;
    private final SplittableRandom random;
    private final PrintStream progress;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private String base;

    private FailoverWorkload(String lease, long leaseMillis, Path dataDir, String storeUrl, HeldTool tool,
                             SplittableRandom random, PrintStream progress) {
        this.lease = lease;
        this.leaseMillis = leaseMillis;
        this.dataDir = dataDir;
        this.storeUrl = storeUrl;
        this.tool = tool;
        this.random = random;
        this.progress = progress;
    }

    /**
     * Kills a server mid-run {@code repetitions} times on a fresh data folder; answers each
     * failover, in order, and prints each as a JSON line to {@code out}.
     */
    static List<Failover> measure(String lease, long leaseMillis, int repetitions, SplittableRandom random, PrintStream out,
                                  PrintStream progress) throws Exception {
        return measure(lease, leaseMillis, repetitions, null, 1, random, out, progress);
    }

    /**
     * As {@link #measure(String, long, int, SplittableRandom, PrintStream, PrintStream)}, on the
     * PostgreSQL database {@code storeUrl} (null: a fresh SQLite file) shared by {@code nodeCount}
     * servers, each with a data folder of its own.
     */
    static List<Failover> measure(String lease, long leaseMillis, int repetitions, String storeUrl, int nodeCount,
                                  SplittableRandom random, PrintStream out, PrintStream progress) throws Exception {
        Path dataDir = Files.createTempDirectory("cairn-failover-");
        try (HeldTool tool = HeldTool.start()) {
            return new FailoverWorkload(lease, leaseMillis, dataDir, storeUrl, tool, random, progress)
                    .run(nodeCount, repetitions, out);
        } finally {
            DatabaseFiles.deleteTree(dataDir);
        }
    }

    private List<Failover> run(int nodeCount, int repetitions, PrintStream out) throws Exception {
        List<Failover> failovers = new ArrayList<>();
        for (int node = 0; node < nodeCount; node++) {
            nodes.add(start(node));
        }
        try {
            for (ServerProcess node : nodes) {
                base = node.baseUrl(START);
            }
            call(base, "POST", "/v1/agents", "application/yaml", tool.agentYaml(AGENT));
            String session = call(base, "POST", "/v1/sessions", "application/json",
                    Json.object().put("agent", AGENT).toString()).path("id").asText();
            for (int repetition = 1; repetition <= repetitions; repetition++) {
                progress.printf("failover %s: repetition %d of %d%n", lease, repetition, repetitions);
                Failover failover = killMidRun(session, repetition);
                failovers.add(failover);
                out.println(Json.write(failover.json(lease, repetition)));
            }
            return failovers;
        } finally {
            for (ServerProcess node : nodes) {
                node.close();
            }
        }
    }

    /**
     * Starts a run, kills the server executing it during its tool call, and times the run's
     * resumption: by a new process on the same store when there is one node, else by another node
     * (the killed one is started again after).
     */
    private Failover killMidRun(String session, int repetition) throws Exception {
        tool.hold();
        String message = Json.object().put("content", "/call work {\"n\":" + repetition + "}").toString();
        String runId = call(base, "POST", "/v1/sessions/" + session + "/messages", "application/json", message)
                .path("run").path("id").asText();
        tool.awaitArrival(STEP);
        Thread.sleep(random.nextLong(leaseMillis / 3)); // a random point of the heartbeat cycle
        int keysBefore = tool.keys().size();
        LeaseRow leaseAtKill = lease(session);
        int victim = nodeHolding(leaseAtKill.holderId());
        long killedAt = nodes.get(victim).kill();
        long expiresAt = lease(session).expiresAtMillis();
        tool.release();
        long restartMillis;
        if (nodes.size() == 1) {
            nodes.set(victim, start(victim));
            base = nodes.get(victim).baseUrl(START);
            restartMillis = nodes.get(victim).servingAtMillis() - killedAt;
        } else {
            base = nodes.get((victim + 1) % nodes.size()).baseUrl(START);
            restartMillis = -1;
        }
        List<JsonNode> events = awaitEvent(session, runId, "tool.completed");
        if (nodes.size() > 1) {
            long restartedAt = System.currentTimeMillis();
            nodes.set(victim, start(victim));
            nodes.get(victim).baseUrl(START);
            restartMillis = nodes.get(victim).servingAtMillis() - restartedAt;
        }
        Failover failover = new Failover(leaseMillis, expiresAt - killedAt, restartMillis,
                createdAt(last(events, runId, "run.resumed")) - killedAt,
                createdAt(last(events, runId, "tool.completed")) - killedAt, sameKeyRepeated(keysBefore));
        awaitEvent(session, runId, "run.completed");
        return failover;
    }

    private ServerProcess start(int node) throws IOException {
        Map<String, String> environment = new HashMap<>(Map.of("CAIRN_ADMIN_KEY", KEY, "CAIRN_LEASE", lease,
                "CAIRN_EGRESS_DEFAULT", "127.0.0.1"));
        if (storeUrl != null) {
            environment.put("CAIRN_STORE", storeUrl);
        }
        return ServerProcess.start(storeUrl == null ? dataDir : dataDir.resolve("node-" + node), environment);
    }

    /** The node whose runs execute as {@code holderId}. */
    private int nodeHolding(String holderId) throws InterruptedException {
        for (int node = 0; node < nodes.size(); node++) {
            nodes.get(node).baseUrl(START);
            if (holderId.equals(nodes.get(node).holderId())) {
                return node;
            }
        }
        throw new IllegalStateException("no node runs as lease holder " + holderId);
    }

    /** Whether the call made after the kill carried the key of the call the kill interrupted. */
    private boolean sameKeyRepeated(int keysBefore) {
        List<String> keys = tool.keys();
        return keys.size() > keysBefore && keys.get(keysBefore).equals(keys.get(keysBefore - 1));
    }

    /** A session's lease as the {@code leases} table holds it. */
    private record LeaseRow(String holderId, long expiresAtMillis) {
    }

    /** The session's lease as the store holds it (after a kill: as the dead process left it). */
    private LeaseRow lease(String session) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT holder_id, expires_at FROM leases WHERE session_id = ?")) {
            query.setString(1, session);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("session " + session + " has no lease");
                }
                return new LeaseRow(row.getString(1), row.getLong(2));
            }
        }
    }

    private Connection connect() throws SQLException {
        if (storeUrl == null) {
            return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("cairn.db"));
        }
        PostgresStoreOptions options = PostgresStoreOptions.parse(storeUrl);
        return DriverManager.getConnection(options.jdbcUrl(), options.user(), options.password());
    }

    private List<JsonNode> awaitEvent(String session, String runId, String type) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> events = new ArrayList<>();
            call(base, "GET", "/v1/sessions/" + session + "/events?limit=1000", null, null).path("events").forEach(events::add);
            if (find(events, runId, type).isPresent()) {
                return events;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("run " + runId + " has no " + type + " after " + STEP);
    }

    private static JsonNode last(List<JsonNode> events, String runId, String type) {
        return find(events, runId, type).orElseThrow(() -> new IllegalStateException("run " + runId + " has no " + type));
    }

    /** The run's last event of {@code type}: the one after the latest kill. */
    private static Optional<JsonNode> find(List<JsonNode> events, String runId, String type) {
        return events.reversed().stream().filter(event -> event.path("run_id").asText().equals(runId)
                && event.path("type").asText().equals(type)).findFirst();
    }

    private static long createdAt(JsonNode event) {
        return Instant.parse(event.path("created_at").asText()).toEpochMilli();
    }

    private static JsonNode call(String base, String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + KEY);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.parse(response.body());
    }
}
