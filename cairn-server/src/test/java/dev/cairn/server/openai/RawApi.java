package dev.cairn.server.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Plain HTTP to the OpenAI-compatible API, for what an SDK would not send. */
final class RawApi {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String key;

    RawApi(String base, String key) {
        this.base = base;
        this.key = key;
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Asserts an error in OpenAI's shape with this status, and answers the error object. */
    static JsonNode error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status answering %s", response.body()).isEqualTo(status);
        JsonNode error = json(response).get("error");
        assertThat(error).as("error in %s", response.body()).isNotNull();
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code"))
                .as("message, type, param and code in %s", response.body()).isTrue();
        assertThat(error.get("message").asText()).isNotBlank();
        return error;
    }

    /** The {@code data:} payloads of a server-sent event stream, as JSON. */
    static List<JsonNode> events(String stream) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : stream.split("\n")) {
            if (line.startsWith("data:") && !line.substring(5).strip().equals("[DONE]")) {
                try {
                    events.add(Json.parse(line.substring(5).strip()));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return events;
    }
}
