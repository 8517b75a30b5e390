package dev.cairn.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.testing.postgres.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real server processes on one PostgreSQL database ({@link ClusterProcesses}): every node
 * hears what the others commit. Messages posted to one session through different nodes keep the
 * single writer and the session's {@code on_busy}; an event stream through one node delivers the
 * events of runs another node executes, in order, without gaps or repeats; {@code wait: true}
 * through one node returns when another finishes the run. Each model event names the node that
 * executed it ({@code node-I}).
 */
@Timeout(120)
class ClusterIT {

    private static final String KEY = "cairn_sk_cluster_test_key_0123456789";
    private static final String AGENT = "helper";
    private static final Duration AWAIT = Duration.ofSeconds(20);

    @TempDir
    static Path folder;

    private static TestDatabase database;
    private static ClusterProcesses cluster;

    @BeforeAll
    static void startThreeNodes() throws Exception {
        database = TestDatabase.create("cluster");
        cluster = ClusterProcesses.start(folder, database, 3, KEY, "runs: {lease: 2s}", List.of());
        cluster.api(0).applyAgent("name: " + AGENT + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void messagesPostedToOneSessionThroughEveryNodeAreEachAnsweredOnceByRunsInOrder() throws Exception {
        String session = cluster.api(1).createSession(AGENT);
        int perNode = 4;
        List<List<String>> runIds = cluster.onEveryNode((index, api) -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < perNode; i++) {
                HttpResponse<String> posted = api.post("/v1/sessions/" + session + "/messages",
                        Json.object().put("content", "/sleep 30\nn" + index + "-m" + i).toString());
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
                ids.add(Json.parse(posted.body()).path("run").path("id").asText());
            }
            return ids;
        });
        int total = perNode * cluster.size();
        List<JsonNode> log = awaitLog(cluster.api(2), session, events -> count(events, "run.completed") == total);

        assertThat(runIds.stream().flatMap(List::stream).distinct().count()).as("distinct runs queued").isEqualTo(total);
        assertRunsOneAfterAnother(log);
        List<String> outputs = log.stream().filter(event -> type(event).equals("run.completed"))
                .map(event -> event.path("output").asText()).toList();
        Set<String> expected = new HashSet<>();
        for (int node = 0; node < cluster.size(); node++) {
            for (int i = 0; i < perNode; i++) {
                expected.add("echo: n" + node + "-m" + i);
            }
        }
        assertThat(outputs).as("every message answered exactly once").hasSize(total).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(cluster.api(0).events(session)).as("the log read through another node").isEqualTo(log);
    }

    @Test
    void runsOfManySessionsSpreadOverTheNodesAllComplete() throws Exception {
        List<String> sessions = cluster.onEveryNode((index, api) -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String session = api.createSession(AGENT);
                assertThat(api.postMessage(session, "/sleep 20\nspread " + index + "-" + i).statusCode()).isEqualTo(202);
                ids.add(session);
            }
            return ids;
        }).stream().flatMap(List::stream).toList();
        Set<String> executors = new HashSet<>();
        for (int i = 0; i < sessions.size(); i++) {
            List<JsonNode> log = awaitLog(cluster.api(i % cluster.size()), sessions.get(i),
                    events -> count(events, "run.completed") == 1);
            log.stream().filter(event -> type(event).equals("model.responded"))
                    .forEach(event -> executors.add(event.path("provider").asText()));
        }
        assertThat(executors).as("nodes that executed runs").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aRejectingSessionAnswers409ThroughEveryNodeWhileItsRunIsActiveAnywhere() throws Exception {
        String session = cluster.api(0).createSession(AGENT);
        HttpResponse<String> first = cluster.api(0).post("/v1/sessions/" + session + "/messages",
                Json.object().put("content", "/sleep 1500\nlong").put("on_busy", "reject").toString());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        awaitLog(cluster.api(1), session, events -> count(events, "run.started") == 1);

        for (int node = 0; node < cluster.size(); node++) {
            HttpResponse<String> busy = cluster.api(node).post("/v1/sessions/" + session + "/messages",
                    Json.object().put("content", "too soon").put("on_busy", "reject").toString());
            assertThat(busy.statusCode()).as("node %d: %s", node, busy.body()).isEqualTo(409);
        }
        awaitLog(cluster.api(2), session, events -> count(events, "run.completed") == 1);
        HttpResponse<String> after = cluster.api(2).post("/v1/sessions/" + session + "/messages",
                Json.object().put("content", "now").put("on_busy", "reject").put("wait", true).toString());
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(count(cluster.api(1).events(session), "message.user")).as("messages stored").isEqualTo(2);
    }

    @Test
    void anEventStreamThroughOneNodeDeliversEveryEventOfRunsAnotherNodeExecutes() throws Exception {
        String session = cluster.api(1).createSession(AGENT);
        int runs = 6;
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int node = 0; node < cluster.size(); node++) {
                streams.add(SseClient.open(cluster.api(node), session, 0));
            }
            for (int i = 0; i < runs; i++) {
                assertThat(cluster.api(1).postMessage(session, "/sleep 150\nstreamed " + i).statusCode()).isEqualTo(202);
            }
            for (SseClient stream : streams) {
                stream.await(events -> count(events, "run.completed") == runs, AWAIT);
            }
            List<JsonNode> log = cluster.api(1).events(session);
            Map<String, String> executors = new HashMap<>();
            log.stream().filter(event -> type(event).equals("model.responded"))
                    .forEach(event -> executors.put(event.path("run_id").asText(), event.path("provider").asText()));
            int crossNodeStreams = 0;
            for (int node = 0; node < cluster.size(); node++) {
                List<JsonNode> streamed = streams.get(node).events();
                assertThat(streamed).as("the stream through node %d, against the log", node)
                        .isEqualTo(log.subList(0, streamed.size()));
                String self = ClusterProcesses.provider(node);
                // Without the change feed an idle stream reads the store only every 250 ms:
                // about 125 ms late at the median for the runs another node executes.
                List<Long> lateness = streams.get(node).received().stream()
                        .filter(received -> executors.containsKey(received.event().path("run_id").asText())
                                && !executors.get(received.event().path("run_id").asText()).equals(self))
                        .map(received -> received.arrivedMillis()
                                - Instant.parse(received.event().path("created_at").asText()).toEpochMilli())
                        .sorted().toList();
                if (!lateness.isEmpty()) {
                    crossNodeStreams++;
                    assertThat(lateness.get(lateness.size() / 2))
                            .as("node %d: median ms from another node's commit to delivery, of %s", node, lateness)
                            .isLessThan(60L);
                }
            }
            assertThat(crossNodeStreams).as("streams that delivered runs another node executed").isGreaterThanOrEqualTo(2);
        } finally {
            for (SseClient stream : streams) {
                stream.close();
            }
        }
    }

    @Test
    void waitOnOneNodeReturnsWhenAnotherNodeFinishesTheRun() throws Exception {
        String session = cluster.api(1).createSession(AGENT);
        // Some node executes a slow run and holds the session's lease; a message posted with
        // wait through another node queues behind it, so the same worker executes it too.
        assertThat(cluster.api(1).postMessage(session, "/sleep 1500\nfirst").statusCode()).isEqualTo(202);
        JsonNode requested = awaitLog(cluster.api(1), session, events -> count(events, "model.requested") == 1).stream()
                .filter(event -> type(event).equals("model.requested")).findFirst().orElseThrow();
        String executor = requested.path("provider").asText();
        int waiter = (Integer.parseInt(executor.substring("node-".length())) + 1) % cluster.size();
        long start = System.nanoTime();
        HttpResponse<String> waited = cluster.api(waiter).post("/v1/sessions/" + session + "/messages",
                Json.object().put("content", "second").put("wait", true).toString());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(waited.statusCode()).as(waited.body()).isEqualTo(200);
        JsonNode answer = Json.parse(waited.body());
        assertThat(answer.path("output").asText()).isEqualTo("echo: second");
        assertThat(answer.path("run").path("state").asText()).isEqualTo("completed");
        String runId = answer.path("run").path("id").asText();
        List<String> executors = cluster.api(waiter).events(session).stream()
                .filter(event -> runId.equals(event.path("run_id").asText()) && type(event).equals("model.responded"))
                .map(event -> event.path("provider").asText()).toList();
        assertThat(executors).as("the node that executed the run waited for through node %d", waiter)
                .containsExactly(executor);
        assertThat(tookMillis).as("milliseconds the wait took").isLessThan(5_000);
    }

    /** Runs start in the order they were queued, and each starts only after the one before it ended. */
    private static void assertRunsOneAfterAnother(List<JsonNode> log) {
        List<String> queued = runsOf(log, "run.queued");
        assertThat(runsOf(log, "run.started")).as("runs started, in order").isEqualTo(queued);
        assertThat(runsOf(log, "run.completed")).as("runs completed, in order").isEqualTo(queued);
        String active = null;
        for (JsonNode event : log) {
            switch (type(event)) {
                case "run.started" -> {
                    assertThat(active).as("a run active when %s started", event.path("run_id").asText()).isNull();
                    active = event.path("run_id").asText();
                }
                case "run.completed" -> active = null;
                default -> { }
            }
        }
    }

    private static List<String> runsOf(List<JsonNode> log, String type) {
        return log.stream().filter(event -> type(event).equals(type)).map(event -> event.path("run_id").asText()).toList();
    }

    private static List<JsonNode> awaitLog(ServerApi api, String session, Predicate<List<JsonNode>> until) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (true) {
            List<JsonNode> events = api.events(session);
            if (until.test(events)) {
                return events;
            }
            assertThat(System.nanoTime()).as("the log of %s in time: %s", session,
                    events.stream().map(ClusterIT::type).toList()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(event -> type(event).equals(type)).count();
    }

    private static String type(JsonNode event) {
        return event.path("type").asText();
    }
}
