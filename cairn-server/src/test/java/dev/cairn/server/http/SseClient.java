package dev.cairn.server.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads a server-sent event stream in the background, one message (or comment) at a time. */
final class SseClient implements AutoCloseable {

    /** One dispatched message: an event with its fields, a comment, or the end of the stream. */
    record Message(String id, String event, String data, String comment, boolean end) {
        boolean isComment() {
            return comment != null;
        }
    }

    private static final Message END = new Message(null, null, null, null, true);

    private final HttpResponse<InputStream> response;
    private final LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    static SseClient open(HttpApi api, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = api.request(path).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        HttpResponse<InputStream> response = api.client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseClient(response);
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next message, or null when none came in time. */
    Message next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next message that is an event (skipping comments). */
    Message nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (message == null || !message.isComment()) {
                return message;
            }
        }
    }

    /** Stored events (those with an id) until one with {@code lastId}, skipping comments and deltas. */
    List<Message> storedUntil(long lastId, Duration timeout) throws InterruptedException {
        List<Message> stored = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Message message = nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (message == null || message.end()) {
                break;
            }
            if (message.id() != null) {
                stored.add(message);
                if (Long.parseLong(message.id()) >= lastId) {
                    break;
                }
            }
        }
        return stored;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (id != null || event != null || data != null) {
                        messages.add(new Message(id, event, data == null ? null : data.toString(), null, false));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    messages.add(new Message(null, null, null, line.substring(1).strip(), false));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        } catch (IOException e) {
            // closed by the test or the server
        } finally {
            messages.add(END);
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
