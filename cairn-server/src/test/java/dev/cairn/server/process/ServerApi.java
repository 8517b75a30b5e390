package dev.cairn.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST API of one {@link ServerProcess}, as the process-level tests call it. Thread-safe; the
 * underlying client is shared by every instance, so a test can point its clients at each new
 * process as it starts.
 */
final class ServerApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final String baseUrl;
    private final String key;

    ServerApi(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Calls the API and asserts a 2xx answer; answers its JSON. */
    JsonNode call(String method, String path, String jsonBody) throws IOException, InterruptedException {
        return expectSuccess(method, path, send(method, path, "application/json", jsonBody));
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return call("GET", path, null);
    }

    /** Applies an agent definition written in YAML. */
    JsonNode applyAgent(String yaml) throws IOException, InterruptedException {
        return expectSuccess("POST", "/v1/agents", send("POST", "/v1/agents", "application/yaml", yaml));
    }

    String createSession(String agent) throws IOException, InterruptedException {
        return call("POST", "/v1/sessions", Json.object().put("agent", agent).toString()).path("id").asText();
    }

    /**
     * Posts a message and answers the response, whatever its status.
     *
     * @throws IOException when the server did not answer (it may or may not have stored the message)
     */
    HttpResponse<String> postMessage(String sessionId, String content) throws IOException, InterruptedException {
        return send("POST", "/v1/sessions/" + sessionId + "/messages", "application/json",
                Json.object().put("content", content).toString());
    }

    /** Calls the API without a body and answers the response, whatever its status. */
    HttpResponse<String> answer(String method, String path) throws IOException, InterruptedException {
        return send(method, path, null, null);
    }

    /** Posts a JSON body and answers the response, whatever its status. */
    HttpResponse<String> post(String path, String jsonBody) throws IOException, InterruptedException {
        return send("POST", path, "application/json", jsonBody);
    }

    String key() {
        return key;
    }

    /** Every event of the session, in order, read page by page. */
    List<JsonNode> events(String sessionId) throws IOException, InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = get("/v1/sessions/" + sessionId + "/events?after=" + after + "&limit=500");
            page.path("events").forEach(events::add);
            if (page.path("events").isEmpty()) {
                return events;
            }
            after = events.getLast().path("seq").asLong();
        }
    }

    /** The ids of up to 1,000 runs in {@code state}, across sessions. */
    List<String> runIds(String state) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        get("/v1/runs?state=" + state + "&limit=1000").path("runs").forEach(run -> ids.add(run.path("id").asText()));
        return ids;
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expectSuccess(String method, String path, HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return Json.parse(response.body());
    }
}
