package dev.cairn.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 6 on a real server process: secrets written through the API reach a real HTTP service
 * in the headers the agent's tools declare, and their values then appear in no event, no log line
 * (every logger at DEBUG), no answer of the sessions, runs, events, agents or secrets endpoints,
 * no tool error and no byte of the data folder (the SQLite file and its WAL included), even when
 * the service echoes them back.
 */
class SecretLeakIT {

    private static final String ADMIN_KEY = "cairn_sk_secret_leak_admin_key_0123456789";
    private static final String BILLING = "tok_live_9fQ2xLm7Rv0sKa";
    private static final String PARTNER = "ptn_Zx81Hq3TuW";
    private static final String LOGIN = "svc-user:pw_4Gd9Lm2Qs";
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    private final Map<String, Headers> received = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> answers = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void secretValuesLeaveOnlyInTheDeclaredHeaders() throws Exception {
        HttpServer service = service();
        Path config = folder.resolve("cairn.yaml");
        Files.writeString(config, "egress: {default: [127.0.0.1]}\n");
        List<String> logs;
        JsonNode events;
        try (ServerProcess server = ServerProcess.start(folder, Map.of("CAIRN_ADMIN_KEY", ADMIN_KEY),
                List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug"),
                "serve", "--port", "0", "--data", "data", "--config", config.toString())) {
            String base = server.baseUrl(START);
            String operator = call(base, ADMIN_KEY, "POST", "/v1/keys", "{\"role\": \"operator\"}").path("key").asText();
            call(base, operator, "PUT", "/v1/secrets/billing", "{\"value\": \"" + BILLING + "\"}");
            call(base, operator, "PUT", "/v1/secrets/partner", "{\"value\": \"" + PARTNER + "\"}");
            call(base, operator, "PUT", "/v1/secrets/login", "{\"value\": \"" + LOGIN + "\"}");
            call(base, operator, "PUT", "/v1/secrets/billing", "{\"value\": \"" + BILLING + "\"}");
            call(base, operator, "POST", "/v1/agents", Json.write(Json.yaml().readTree(agent(service.getAddress().getPort()))));
            String session = call(base, operator, "POST", "/v1/sessions", "{\"agent\": \"payer\"}").path("id").asText();
            JsonNode result = call(base, operator, "POST", "/v1/sessions/" + session + "/messages", Json.write(Json.object()
                    .put("content", "/call charge {\"amount\": 12}\n/call echo {}\n/call reject {}\n/call unset {}")
                    .put("wait", true)));
            String runId = result.path("run").path("id").asText();
            events = call(base, operator, "GET", "/v1/sessions/" + session + "/events", null);
            for (String path : List.of("/v1/sessions/" + session, "/v1/sessions", "/v1/runs/" + runId,
                    "/v1/runs?session_id=" + session, "/v1/agents", "/v1/agents/payer", "/v1/agents/payer/versions",
                    "/v1/agents/payer/tools", "/v1/secrets", "/v1/sessions/" + session + "/export")) {
                call(base, operator, "GET", path, null);
            }
            assertThat(server.stop(Duration.ofSeconds(30))).as("exit status after SIGTERM").isIn(0, 143);
            logs = server.output();
        } finally {
            service.stop(0);
        }

        assertThat(received).containsOnlyKeys("/charge", "/echo", "/reject");
        assertThat(received.get("/charge").getFirst("Authorization")).isEqualTo("Bearer " + BILLING);
        assertThat(received.get("/charge").getFirst("X-Partner")).isEqualTo("key=" + PARTNER);
        assertThat(received.get("/echo").getFirst("Authorization")).isEqualTo("Basic " + basic());
        assertThat(received.get("/reject").getFirst("X-Api-Key")).isEqualTo(BILLING);
        assertThat(toolResults(events)).containsExactly(
                "completed: {\"charged\":true}",
                "completed: you sent [secret:login]",
                "failed: HTTP 401 from 127.0.0.1: key [secret:billing] is not valid",
                "failed: not sent: secret 'missing_one' is not set in this tenant (an operator sets it with PUT"
                        + " /v1/secrets/missing_one)");
        assertThat(logs).as("the server's log").anyMatch(line -> line.contains("serving on"));
        assertThat(answers).as("API answers, which name the missing secret").anyMatch(answer -> answer.contains("missing_one"));
        assertThat(dataFilesHolding("missing_one")).as("files holding the agent, which names the missing secret").isNotEmpty();
        for (String secret : List.of(BILLING, PARTNER, LOGIN, basic())) {
            assertThat(logs).as("log lines").noneMatch(line -> line.contains(secret));
            assertThat(answers).as("API answers").noneMatch(answer -> answer.contains(secret));
            assertThat(dataFilesHolding(secret)).as("files of the data folder holding it").isEmpty();
        }
    }

    private static String basic() {
        return Base64.getEncoder().encodeToString(LOGIN.getBytes(StandardCharsets.UTF_8));
    }

    private static String agent(int port) {
        return """
                name: payer
                route: default
                tools:
                  - name: charge
                    http:
                      method: POST
                      url: "http://127.0.0.1:%1$d/charge"
                      auth: secret:billing
                      headers: {X-Partner: "key=secret:partner"}
                      body: {amount: "{amount}"}
                    input_schema: {type: object, properties: {amount: {type: number}}}
                  - name: echo
                    http: {method: GET, url: "http://127.0.0.1:%1$d/echo", auth: {type: basic, secret: login}}
                  - name: reject
                    http: {method: GET, url: "http://127.0.0.1:%1$d/reject", auth: {type: header, secret: billing, header: X-Api-Key}}
                  - name: unset
                    http: {method: GET, url: "http://127.0.0.1:%1$d/never", auth: secret:missing_one}
                """.formatted(port);
    }

    private HttpServer service() throws IOException {
        HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            received.put(path, exchange.getRequestHeaders());
            int status = path.equals("/reject") ? 401 : 200;
            String body = switch (path) {
                case "/echo" -> "you sent " + exchange.getRequestHeaders().getFirst("Authorization");
                case "/reject" -> "key " + exchange.getRequestHeaders().getFirst("X-Api-Key") + " is not valid";
                default -> "{\"charged\":true}";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        service.start();
        return service;
    }

    /** Calls the API, keeps the answer's text, and fails on anything but 2xx. */
    private JsonNode call(String base, String key, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        answers.add(response.headers().map() + "\n" + response.body());
        assertThat(response.statusCode()).as("%s %s answered %s", method, path, response.body()).isBetween(200, 299);
        return path.endsWith("/export") ? Json.object() : Json.parse(response.body());
    }

    private static List<String> toolResults(JsonNode events) {
        List<String> results = new ArrayList<>();
        for (JsonNode event : events.path("events")) {
            switch (event.path("type").asText()) {
                case "tool.completed" -> results.add("completed: " + event.path("output").asText());
                case "tool.failed" -> results.add("failed: " + event.path("error").asText());
                default -> { }
            }
        }
        return results;
    }

    private List<Path> dataFilesHolding(String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder.resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (holds(Files.readAllBytes(file), needle)) {
                    holding.add(file);
                }
            }
        }
        assertThat(folder.resolve("data/cairn.db")).isRegularFile();
        return holding;
    }

    private static boolean holds(byte[] haystack, byte[] needle) {
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            if (java.util.Arrays.equals(haystack, start, start + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
