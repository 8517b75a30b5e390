package dev.cairn.server.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A server-sent event stream of one session's log, read on a thread of its own: every stored event
 * it receives (those with an {@code id}) is kept in arrival order, with the moment it arrived.
 * Close it to leave the stream.
 */
final class SseClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A stored event as it arrived, with the wall clock's time of its arrival in epoch milliseconds. */
    record Received(JsonNode event, long arrivedMillis) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final InputStream body;

    private SseClient(InputStream body) {
        this.body = body;
        Thread.ofVirtual().start(this::read);
    }

    /** Opens the stream of {@code sessionId} after {@code afterSeq} through {@code api}'s server. */
    static SseClient open(ServerApi api, String sessionId, long afterSeq) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/sessions/" + sessionId
                        + "/events?after=" + afterSeq))
                .header("Authorization", "Bearer " + api.key()).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IOException("the event stream answered " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new SseClient(response.body());
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            boolean stored = false;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("id:")) {
                    stored = true;
                } else if (line.startsWith("data:") && stored) {
                    received.add(new Received(Json.parse(line.substring(5).strip()), System.currentTimeMillis()));
                } else if (line.isEmpty()) {
                    stored = false;
                }
            }
        } catch (IOException e) {
            // the stream was closed
        }
    }

    /** The stored events received so far, in arrival order. */
    List<JsonNode> events() {
        return received.stream().map(Received::event).toList();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until the events received satisfy {@code until}. */
    List<JsonNode> await(Predicate<List<JsonNode>> until, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!until.test(events())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the event stream did not deliver what was awaited in " + timeout
                        + "; it delivered " + events().stream().map(e -> e.path("seq") + " " + e.path("type").asText()).toList());
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return events();
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
