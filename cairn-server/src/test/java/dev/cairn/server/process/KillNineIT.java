package dev.cairn.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 1 with a real server process: every message the API acknowledged with a 2xx is in
 * the log after the process is killed with SIGKILL and started again, and no run is left running.
 */
class KillNineIT {

    private static final String KEY = "cairn_sk_kill_nine_test_key_0123456789";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    @Test
    void everyAcknowledgedMessageSurvivesKillNine() throws Exception {
        Map<String, String> environment = Map.of("CAIRN_ADMIN_KEY", KEY);
        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        List<String> sessions = new ArrayList<>();
        try (ServerProcess first = ServerProcess.start(folder, environment, "serve", "--port", "0", "--data", "data")) {
            String base = first.baseUrl(Duration.ofSeconds(60));
            call(base, "POST", "/v1/agents", "{\"name\":\"a\"}");
            for (int i = 0; i < 4; i++) {
                String session = call(base, "POST", "/v1/sessions", "{\"agent\":\"a\"}").path("id").asText();
                sessions.add(session);
                acknowledged.put(session, ConcurrentHashMap.newKeySet());
            }
            AtomicBoolean killed = new AtomicBoolean();
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (String session : sessions) {
                    senders.submit(() -> {
                        for (int n = 0; !killed.get() && n < 10_000; n++) {
                            String content = "/sleep 5\nmessage " + n + " to " + session;
                            try {
                                HttpResponse<String> response = post(base, "/v1/sessions/" + session + "/messages",
                                        Json.object().put("content", content).toString());
                                if (response.statusCode() == 202) {
                                    acknowledged.get(session).add(content);
                                }
                            } catch (Exception e) {
                                return; // the server is gone
                            }
                        }
                    });
                }
                while (acknowledged.values().stream().mapToInt(Set::size).sum() < 200) {
                    Thread.sleep(10);
                }
                first.kill();
                killed.set(true);
            }
        }
        assertThat(acknowledged.values().stream().mapToInt(Set::size).sum()).isGreaterThanOrEqualTo(200);

        try (ServerProcess second = ServerProcess.start(folder, environment, "serve", "--port", "0", "--data", "data")) {
            String base = second.baseUrl(Duration.ofSeconds(60));
            for (String session : sessions) {
                List<JsonNode> events = allEvents(base, session);
                Set<String> stored = new HashSet<>();
                for (int i = 0; i < events.size(); i++) {
                    assertThat(events.get(i).path("seq").asLong()).isEqualTo(i + 1);
                    if (events.get(i).path("type").asText().equals("message.user")) {
                        assertThat(stored.add(events.get(i).path("content").asText())).isTrue();
                    }
                }
                assertThat(stored).containsAll(acknowledged.get(session));
            }
            JsonNode running = call(base, "GET", "/v1/runs?state=running&limit=1000", null).path("runs");
            for (JsonNode run : running) {
                // a run may be running only because the new process picked it up; it must then finish
                assertThat(waitForEnd(base, run.path("id").asText())).isIn("completed", "failed", "cancelled");
            }
        }
    }

    private String waitForEnd(String base, String runId) throws Exception {
        for (int i = 0; i < 600; i++) {
            String state = call(base, "GET", "/v1/runs/" + runId, null).path("state").asText();
            if (!state.equals("running") && !state.equals("queued")) {
                return state;
            }
            Thread.sleep(50);
        }
        return "still running";
    }

    private List<JsonNode> allEvents(String base, String session) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = call(base, "GET", "/v1/sessions/" + session + "/events?after=" + after + "&limit=500", null);
            page.path("events").forEach(events::add);
            if (page.path("events").isEmpty()) {
                return events;
            }
            after = events.getLast().path("seq").asLong();
        }
    }

    private HttpResponse<String> post(String base, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode call(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + KEY);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return Json.parse(response.body());
    }
}
