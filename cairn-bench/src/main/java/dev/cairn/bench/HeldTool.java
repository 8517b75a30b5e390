package dev.cairn.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The service behind the failover benchmark's idempotent tool, {@code PUT /work} on a loopback
 * port. While {@link #hold() held}, a request is received and then left unanswered until
 * {@link #release()}: the run that made it is in the middle of a tool call for as long as the
 * harness likes. Otherwise it answers at once. It keeps every request's {@code Idempotency-Key}.
 * Thread-safe.
 */
final class HeldTool implements AutoCloseable {

    private static final Duration LONGEST_HOLD = Duration.ofMinutes(2);

    private final HttpServer server;
    private final ExecutorService handlers;
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch released = new CountDownLatch(0);
    private volatile CountDownLatch arrived = new CountDownLatch(1);

    private HeldTool(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    static HeldTool start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(handlers);
        HeldTool tool = new HeldTool(server, handlers);
        server.createContext("/work", tool::handle);
        server.start();
        return tool;
    }

    /** An agent whose one tool, {@code work}, is this service, declared idempotent. */
    String agentYaml(String name) {
        return """
                name: %s
                tools:
                  - name: work
                    description: Do a piece of work. Idempotent.
                    http: {method: PUT, url: "http://127.0.0.1:%d/work", timeout: 5m}
                    input_schema: {type: object, properties: {n: {type: integer}}}
                    idempotent: true
                """.formatted(name, server.getAddress().getPort());
    }

    /** From now on, requests wait for {@link #release()}. */
    void hold() {
        arrived = new CountDownLatch(1);
        released = new CountDownLatch(1);
    }

    /** Waits until a request arrived since {@link #hold()}. */
    void awaitArrival(Duration timeout) throws InterruptedException {
        if (!arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no tool call arrived within " + timeout);
        }
    }

    /** Answers held requests (whose callers may be gone), and every later one at once. */
    void release() {
        released.countDown();
    }

    /** The idempotency keys of every request, in order of arrival. */
    List<String> keys() {
        return List.copyOf(keys);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            CountDownLatch wait = released;
            arrived.countDown();
            if (!wait.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
                exchange.sendResponseHeaders(504, -1);
                return;
            }
            byte[] answer = "done".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the caller was killed while its request was held
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        handlers.shutdownNow();
    }
}
