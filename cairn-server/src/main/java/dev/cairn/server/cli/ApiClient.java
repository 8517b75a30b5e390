package dev.cairn.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The CLI's client of a running server's REST API. Not thread-safe; one per command.
 */
final class ApiClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String key;

    ApiClient(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    JsonNode post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /** Posts raw bytes, such as an export to import. */
    JsonNode post(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Streams the body of a successful GET to {@code out}; a failure answer is thrown with its message. */
    void download(String path, java.io.OutputStream out) {
        try {
            HttpResponse<java.io.InputStream> response = http.send(request(path).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                if (response.statusCode() >= 400) {
                    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                    JsonNode error = text.isBlank() ? Json.object() : Json.parse(text).path("error");
                    throw new CliException("the server answered " + response.statusCode() + ": "
                            + error.path("message").asText(text));
                }
                body.transferTo(out);
            }
        } catch (java.net.ConnectException e) {
            throw new CliException("no Cairn server answers at " + base + " (start one with ./cairn serve or ./cairn demo)");
        } catch (IOException e) {
            throw new CliException("talking to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    JsonNode postJson(String path, JsonNode body) {
        return post(path, "application/json", body.toString());
    }

    /**
     * Reads the session's event stream from {@code afterSeq}, handing each server-sent event
     * (type and parsed data) to {@code handler} until it answers true.
     */
    void stream(String sessionId, long afterSeq, Predicate<Sse> handler) {
        HttpRequest request = request("/v1/sessions/" + sessionId + "/events?after=" + afterSeq)
                .header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new CliException("the server answered " + response.statusCode() + " to the event stream: "
                        + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String type = "message";
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty() && handler.test(new Sse(type, Json.parse(data.toString())))) {
                            return;
                        }
                        type = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        type = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new CliException("the event stream broke: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** One server-sent event. */
    record Sse(String type, JsonNode data) {
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(30));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = response.body().isBlank() ? Json.object() : Json.parse(response.body());
            if (response.statusCode() >= 400) {
                JsonNode error = body.path("error");
                StringBuilder message = new StringBuilder(error.path("message").asText(response.body()));
                error.path("problems").forEach(problem -> message.append("\n  - ").append(problem.asText()));
                throw new CliException("the server answered " + response.statusCode() + ": " + message);
            }
            return body;
        } catch (java.net.ConnectException e) {
            throw new CliException("no Cairn server answers at " + base + " (start one with ./cairn serve or ./cairn demo)");
        } catch (IOException e) {
            throw new CliException("talking to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
