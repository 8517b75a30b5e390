package dev.cairn.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.secret.SecretResolver;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpToolTest {

    private final HttpToolKind kind = HttpToolKind.create(EgressAllowlist.allowing("127.0.0.1"), SecretResolver.NONE);
    private LoopbackServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackServer.start().on("/broken", request -> new LoopbackServer.Answer(503, Map.of(), "down"));
        base = server.base();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static ToolEntry entry(String name, String http, String schema, Boolean idempotent) {
        return new ToolEntry(null, name, "test", null, idempotent, "http", Json.constant(http),
                schema == null ? null : Json.constant(schema));
    }

    static ToolInvocation call(String arguments, String key) {
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
        LoopbackServer.Seen seen = server.seen().getFirst();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.uri()).isEqualTo("/orders/A%207/refund");
        assertThat(seen.header("Idempotency-Key")).isEqualTo("cairn-key-1");
        assertThat(seen.header("X-Team")).isEqualTo("support");
        assertThat(seen.body()).isEqualTo("{\"amount\":12.5}");
    }

    @Test
    void getSendsArgumentsAsTheQueryAndCountsAsIdempotent() throws Exception {
        Tool tool = kind.create(entry("lookup", "{\"method\":\"GET\",\"url\":\"" + base + "/search\"}", null, null));
        assertThat(tool.idempotent()).isTrue();
        tool.call(call("{\"q\":\"red shoes\",\"limit\":5}", "k"));
        assertThat(server.seen().getFirst().uri()).isEqualTo("/search?q=red+shoes&limit=5");
        assertThat(server.seen().getFirst().method()).isEqualTo("GET");
    }

    @Test
    void failuresAreToldToTheModel() throws Exception {
        Tool broken = kind.create(entry("b", "{\"method\":\"PUT\",\"url\":\"" + base + "/broken\"}", null, null));
        assertThat(broken.call(call("{}", "k"))).isEqualTo(ToolOutcome.failure("HTTP 503 from 127.0.0.1: down"));
        server.close();
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

    @Test
    void authBodyAndResponseDeclarationsAreChecked() {
        String schema = "{\"type\":\"object\",\"properties\":{\"id\":{}}}";
        assertThat(kind.problems(entry("t", "{\"method\":\"GET\",\"url\":\"https://h/x\",\"auth\":\"token\","
                + "\"body\":{\"a\":\"{nope}\"},\"response\":{\"pointer\":\"data\",\"max_bytes\":0,\"shape\":1},"
                + "\"headers\":{\"Host\":\"evil\",\"Bad Name\":\"x\"}}", schema, null)))
                .anySatisfy(p -> assertThat(p).contains("http.auth 'token' must be secret:NAME"))
                .anySatisfy(p -> assertThat(p).contains("http.body applies only to POST, PUT and PATCH"))
                .anySatisfy(p -> assertThat(p).contains("http.body names {nope}"))
                .anySatisfy(p -> assertThat(p).contains("http.response.pointer 'data' is not a JSON Pointer"))
                .anySatisfy(p -> assertThat(p).contains("http.response.max_bytes must be a whole number from 1"))
                .anySatisfy(p -> assertThat(p).contains("http.response.shape is not a known key"))
                .anySatisfy(p -> assertThat(p).contains("http.headers.Host is set by Cairn or the HTTP client"))
                .anySatisfy(p -> assertThat(p).contains("http.headers 'Bad Name' is not a valid header name"));
        assertThat(kind.problems(entry("t", "{\"method\":\"GET\",\"url\":\"https://h/x\","
                + "\"auth\":{\"type\":\"header\",\"secret\":\"9bad\"},\"headers\":{\"X-A\":\"secret:ok\"}}", null, null)))
                .anySatisfy(p -> assertThat(p).contains("http.auth names secret '9bad', which is not a valid secret name"))
                .anySatisfy(p -> assertThat(p).contains("http.auth.header is required for type header"));
        assertThat(kind.problems(entry("t", "{\"method\":\"GET\",\"url\":\"https://h/x\","
                + "\"auth\":{\"type\":\"digest\",\"secret\":\"s\"}}", null, null)))
                .containsExactly("http.auth.type 'digest' is not one of basic, bearer, header");
        assertThat(kind.problems(entry("t", "{\"method\":\"POST\",\"url\":\"https://h/x?key=secret:api\","
                + "\"body\":{\"token\":\"secret:api\"}}", null, null)))
                .containsExactly("http.url and http.body cannot name secrets (secret:NAME); secrets are sent only through"
                        + " http.auth and http.headers");
        assertThat(kind.problems(entry("t", "{\"method\":\"GET\",\"url\":\"https://h/x\",\"auth\":\"secret:s\","
                + "\"headers\":{\"authorization\":\"x\"}}", null, null)))
                .containsExactly("http.headers.authorization is also set by http.auth; declare it once");
        assertThat(kind.problems(entry("t", "{\"method\":\"POST\",\"url\":\"https://h/{id}\",\"auth\":{\"type\":\"basic\","
                + "\"secret\":\"s\"},\"body\":{\"x\":\"{id}\"},\"response\":{\"pointer\":\"/a/0\",\"max_bytes\":100}}",
                schema, null))).isEmpty();
    }
}
