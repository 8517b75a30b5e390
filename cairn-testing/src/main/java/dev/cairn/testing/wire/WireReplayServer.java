package dev.cairn.testing.wire;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a loopback port that answers like a recorded provider did.
 *
 * <p>Each request gets the next answer in line: first any answers queued with
 * {@link #answerFirst}, then the cassette's recorded responses in order. A recorded response
 * is only given to a request with the recorded method and path (the host is ignored, so a
 * client pointed at {@link #url(String)} reaches it); any other request, or one that comes
 * after the last answer, gets status 418 with a JSON error naming what was expected, so a
 * test fails with a readable message instead of a hang. Every request is kept, in order,
 * for assertions on what the client sent.
 *
 * <p>Thread-safe. {@link #close()} stops the server and releases any request it holds.
 */
public final class WireReplayServer implements AutoCloseable {

    /** The status answered when a request does not match the recording. */
    public static final int MISMATCH_STATUS = 418;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<RecordedResponse> injected = new ArrayDeque<>();
    private final Deque<Interaction> recorded;
    private final List<ReceivedRequest> received = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final boolean silent;

    private WireReplayServer(List<Interaction> interactions, boolean silent) {
        this.recorded = new ArrayDeque<>(interactions);
        this.silent = silent;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port", e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server that replays the cassette's responses in order. */
    public static WireReplayServer replaying(Cassette cassette) {
        return new WireReplayServer(cassette.interactions(), false);
    }

    /** Starts a server that answers only the given responses, in order, whatever is asked. */
    public static WireReplayServer answering(RecordedResponse... responses) {
        return new WireReplayServer(List.of(), false).answerFirst(responses);
    }

    /**
     * Starts a server that accepts requests and never answers them until it is closed: a
     * provider that does not respond, for exercising a client's timeout.
     */
    public static WireReplayServer silent() {
        return new WireReplayServer(List.of(), true);
    }

    /** Queues answers given before any recorded one, whatever the request (for example a 429). */
    public synchronized WireReplayServer answerFirst(RecordedResponse... responses) {
        List<RecordedResponse> queue = new ArrayList<>(List.of(responses));
        Collections.reverse(queue);
        queue.forEach(injected::addFirst);
        return this;
    }

    /** The server's URL with the given path, for example {@code url("/v1")} as a base URL. */
    public URI url(String path) {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path);
    }

    /** Every request received so far, in order. */
    public synchronized List<ReceivedRequest> received() {
        return List.copyOf(received);
    }

    /** The one request received so far; fails when there were none or several. */
    public synchronized ReceivedRequest onlyRequest() {
        if (received.size() != 1) {
            throw new IllegalStateException("expected exactly one request, received " + received.size());
        }
        return received.getFirst();
    }

    /** How many queued or recorded answers have not been given yet. */
    public synchronized int unanswered() {
        return injected.size() + recorded.size();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ReceivedRequest request = read(exchange);
            if (silent) {
                synchronized (this) {
                    received.add(request);
                }
                awaitClose();
                return;
            }
            send(exchange, answer(request));
        }
    }

    private synchronized RecordedResponse answer(ReceivedRequest request) {
        received.add(request);
        if (!injected.isEmpty()) {
            return injected.removeFirst();
        }
        Interaction next = recorded.peekFirst();
        if (next == null) {
            return mismatch("no recorded answer is left for " + request.method() + " " + request.path());
        }
        if (!next.request().method().equals(request.method()) || !next.request().path().equals(request.path())) {
            return mismatch("the recording expects " + next.request().method() + " " + next.request().path()
                    + " next, but the client sent " + request.method() + " " + request.path());
        }
        recorded.removeFirst();
        return next.response();
    }

    private static RecordedResponse mismatch(String message) {
        var error = Json.object();
        error.put("type", "error");
        error.putObject("error").put("type", "wire_replay_mismatch").put("message", "WireReplayServer: " + message);
        return RecordedResponse.json(MISMATCH_STATUS, Json.write(error));
    }

    private static ReceivedRequest read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        URI uri = exchange.getRequestURI();
        return new ReceivedRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT), uri.getRawPath(),
                uri.getRawQuery(), headers, body);
    }

    private static void send(HttpExchange exchange, RecordedResponse response) throws IOException {
        response.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void awaitClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
