package dev.cairn.server.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A service with side effects on a loopback port, for an agent's declared HTTP tools: {@code POST
 * /charge} (a payment: not idempotent) and {@code PUT /record} (an upsert: idempotent). It keeps
 * every request it received, with its {@code Idempotency-Key} and the {@code ref} argument that
 * names the message it was made for, before it waits a random delay and answers
 * {@code charged REF key KEY} (or {@code recorded ...}). A request counts once it is received,
 * whether or not its caller lived to read the answer. Thread-safe.
 */
final class SideEffectServer implements AutoCloseable {

    static final String CHARGE = "charge";
    static final String RECORD = "record";

    /** One request as received. */
    record Received(String tool, String ref, String idempotencyKey) {
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final int maxDelayMillis;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private SideEffectServer(HttpServer server, ExecutorService handlers, int maxDelayMillis) {
        this.server = server;
        this.handlers = handlers;
        this.maxDelayMillis = maxDelayMillis;
    }

    /** Starts serving on 127.0.0.1; each answer waits between 0 and {@code maxDelayMillis}. */
    static SideEffectServer start(int maxDelayMillis) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(handlers);
        SideEffectServer sideEffects = new SideEffectServer(server, handlers, maxDelayMillis);
        server.createContext("/" + CHARGE, exchange -> sideEffects.handle(exchange, CHARGE, "POST"));
        server.createContext("/" + RECORD, exchange -> sideEffects.handle(exchange, RECORD, "PUT"));
        server.start();
        return sideEffects;
    }

    /** An agent with both tools, {@code charge} declared not idempotent and {@code record} idempotent. */
    String agentYaml(String name) {
        int port = server.getAddress().getPort();
        return """
                name: %s
                tools:
                  - name: charge
                    description: Charge the customer. Not idempotent.
                    http: {method: POST, url: "http://127.0.0.1:%d/charge", timeout: 20s}
                    input_schema: {type: object, properties: {ref: {type: string}, amount: {type: integer}}, required: [ref]}
                    idempotent: false
                  - name: record
                    description: Record the order. Idempotent.
                    http: {method: PUT, url: "http://127.0.0.1:%d/record", timeout: 20s}
                    input_schema: {type: object, properties: {ref: {type: string}}, required: [ref]}
                    idempotent: true
                """.formatted(name, port, port);
    }

    /** The answer a call for {@code ref} made with {@code idempotencyKey} gets from {@code tool}. */
    static String answer(String tool, String ref, String idempotencyKey) {
        return (tool.equals(CHARGE) ? "charged" : "recorded") + " " + ref + " key " + idempotencyKey;
    }

    /** Every request {@code tool} received, in order of arrival. */
    List<Received> received(String tool) {
        return received.stream().filter(request -> request.tool().equals(tool)).toList();
    }

    /** For each idempotency key {@code tool} saw, how many requests carried it. */
    Map<String, Integer> countsByKey(String tool) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        received(tool).forEach(request -> counts.merge(request.idempotencyKey(), 1, Integer::sum));
        return counts;
    }

    /** For each {@code ref} argument {@code tool} saw, the idempotency keys of its requests. */
    Map<String, Set<String>> keysByRef(String tool) {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        received(tool).forEach(request -> keys.computeIfAbsent(request.ref(), ref -> new LinkedHashSet<>())
                .add(request.idempotencyKey()));
        return keys;
    }

    private void handle(HttpExchange exchange, String tool, String method) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals(method)) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            JsonNode body = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String ref = body.path("ref").asText();
            String key = String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            received.add(new Received(tool, ref, key));
            Thread.sleep(ThreadLocalRandom.current().nextInt(maxDelayMillis + 1));
            byte[] answer = answer(tool, ref, key).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the caller died while this request was being answered; the request still counts
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
