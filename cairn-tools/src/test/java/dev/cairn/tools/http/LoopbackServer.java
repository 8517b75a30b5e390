package dev.cairn.tools.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on a loopback port that records every request and answers as told per path. */
final class LoopbackServer implements AutoCloseable {

    record Seen(String method, String uri, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
        static Answer ok(String body) {
            return new Answer(200, Map.of(), body);
        }
    }

    /** Answers a request; {@code ECHO_HEADERS} paths answer with the request's headers. */
    interface Responder {
        Answer answer(Seen request);
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Responder> responders = new ConcurrentHashMap<>();

    private LoopbackServer(HttpServer server) {
        this.server = server;
    }

    static LoopbackServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        LoopbackServer loopback = new LoopbackServer(server);
        server.createContext("/", exchange -> {
            Seen request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            loopback.seen.add(request);
            Answer answer = loopback.responders.getOrDefault(exchange.getRequestURI().getPath(),
                    r -> Answer.ok("{\"ok\":true}")).answer(request);
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return loopback;
    }

    LoopbackServer on(String path, Responder responder) {
        responders.put(path, responder);
        return this;
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
