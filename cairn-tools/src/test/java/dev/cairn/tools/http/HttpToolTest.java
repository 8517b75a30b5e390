package dev.cairn.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpToolTest {

    record Seen(String method, String uri, String idempotencyKey, String team, String body) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpToolKind kind = HttpToolKind.create();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), exchange.getRequestHeaders().getFirst("X-Team"), body));
            int status = exchange.getRequestURI().getPath().contains("broken") ? 503 : 200;
            byte[] answer = (status == 200 ? "{\"ok\":true}" : "down").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static ToolEntry entry(String name, String http, String schema, Boolean idempotent) {
        return new ToolEntry(null, name, "test", null, idempotent, "http", Json.constant(http),
                schema == null ? null : Json.constant(schema));
    }

    private static ToolInvocation call(String arguments, String key) {
        return new ToolInvocation("t", "s", "r", "c", key, Json.constant(arguments), Map.of());
    }

    @Test
    void postFillsTheUrlSendsTheRestAsJsonAndCarriesTheIdempotencyKey() throws Exception {
        Tool tool = kind.create(entry("refund", "{\"method\":\"POST\",\"url\":\"" + base + "/orders/{order_id}/refund\","
                + "\"headers\":{\"X-Team\":\"support\"}}",
                "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"},\"amount\":{\"type\":\"number\"}}}", null));
        assertThat(tool.idempotent()).isFalse();
        ToolOutcome outcome = tool.call(call("{\"order_id\":\"A 7\",\"amount\":12.5}", "cairn-key-1"));
        assertThat(outcome).isEqualTo(ToolOutcome.success("{\"ok\":true}"));
        assertThat(seen).containsExactly(new Seen("POST", "/orders/A%207/refund", "cairn-key-1", "support", "{\"amount\":12.5}"));
    }

    @Test
    void getSendsArgumentsAsTheQueryAndCountsAsIdempotent() throws Exception {
        Tool tool = kind.create(entry("lookup", "{\"method\":\"GET\",\"url\":\"" + base + "/search\"}", null, null));
        assertThat(tool.idempotent()).isTrue();
        tool.call(call("{\"q\":\"red shoes\",\"limit\":5}", "k"));
        assertThat(seen.getFirst().uri()).isEqualTo("/search?q=red+shoes&limit=5");
        assertThat(seen.getFirst().method()).isEqualTo("GET");
    }

    @Test
    void failuresAreToldToTheModel() throws Exception {
        Tool broken = kind.create(entry("b", "{\"method\":\"PUT\",\"url\":\"" + base + "/broken\"}", null, null));
        assertThat(broken.call(call("{}", "k"))).isEqualTo(ToolOutcome.failure("HTTP 503: down"));
        server.stop(0);
        assertThat(broken.call(call("{}", "k"))).isInstanceOfSatisfying(ToolOutcome.Failure.class,
                failure -> assertThat(failure.error()).startsWith("could not reach 127.0.0.1"));
        Tool needsId = kind.create(entry("n", "{\"method\":\"GET\",\"url\":\"" + base + "/x/{id}\"}", null, null));
        assertThatThrownBy(() -> needsId.call(call("{}", "k"))).isInstanceOf(ToolInputException.class)
                .hasMessageContaining("'id' is required");
    }

    @Test
    void declarationsAreCheckedWithEveryProblemNamed() {
        assertThat(kind.problems(entry(null, "{\"method\":\"FETCH\",\"url\":\"ftp://x/{a}\",\"colour\":1,\"timeout\":\"soon\"}",
                "{\"type\":\"object\",\"properties\":{}}", null)))
                .anySatisfy(p -> assertThat(p).contains("name is required"))
                .anySatisfy(p -> assertThat(p).contains("http.method 'FETCH'"))
                .anySatisfy(p -> assertThat(p).contains("http.url 'ftp://x/{a}'"))
                .anySatisfy(p -> assertThat(p).contains("http.colour is not a known key"))
                .anySatisfy(p -> assertThat(p).contains("http.timeout 'soon'"));
        assertThat(kind.problems(entry("t", "{\"method\":\"GET\",\"url\":\"https://h/{missing}\"}",
                "{\"type\":\"object\",\"properties\":{\"other\":{}}}", null)))
                .containsExactly("http.url names {missing}, which input_schema does not define");
        JsonNode ok = Json.constant("{\"method\":\"post\",\"url\":\"https://billing.internal/orders/{id}\"}");
        assertThat(kind.problems(new ToolEntry(null, "t", null, null, false, "http", ok, null))).isEmpty();
    }
}
