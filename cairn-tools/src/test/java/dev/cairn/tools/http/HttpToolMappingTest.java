package dev.cairn.tools.http;

import static dev.cairn.tools.http.HttpToolTest.call;
import static dev.cairn.tools.http.HttpToolTest.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.secret.SecretResolver;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolOutcome;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Arguments mapped to a body, responses mapped to what the model reads, and what it reads when a call fails. */
class HttpToolMappingTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"order_id\":{},\"amount\":{},\"tags\":{}}}";
    private final HttpToolKind kind = HttpToolKind.create(EgressAllowlist.allowing("127.0.0.1"), SecretResolver.NONE);
    private LoopbackServer server;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackServer.start()
                .on("/order", request -> LoopbackServer.Answer.ok(
                        "{\"data\":{\"order\":{\"id\":\"A7\",\"status\":\"refunded\",\"lines\":[1,2,3]}},\"meta\":{}}"))
                .on("/text", request -> LoopbackServer.Answer.ok("plain words, not JSON"))
                .on("/big", request -> LoopbackServer.Answer.ok("é".repeat(5000)))
                .on("/moved", request -> new LoopbackServer.Answer(302, Map.of("Location", "http://127.0.0.1:1/elsewhere"), ""))
                .on("/error", request -> new LoopbackServer.Answer(500, Map.of(), "x".repeat(5000)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Tool tool(String method, String path, String extra) {
        return kind.create(entry("t", "{\"method\":\"" + method + "\",\"url\":\"" + server.base() + path + "\"" + extra + "}",
                SCHEMA, null));
    }

    @Test
    void theBodyMapsArgumentsKeepingTheirTypesAndLeavesAbsentOnesOut() throws Exception {
        Tool refund = tool("POST", "/refund/{order_id}", ",\"body\":{\"refund\":{\"amount\":\"{amount}\",\"tags\":\"{tags}\","
                + "\"reason\":\"customer\"},\"note\":\"refund of {order_id} ({amount})\",\"list\":[\"{tags}\",\"{nothing}\"]}");

        refund.call(call("{\"order_id\":\"A7\",\"amount\":12.5,\"tags\":[\"x\"],\"ignored\":true}", "k"));
        refund.call(call("{\"order_id\":\"B8\",\"amount\":3}", "k"));

        assertThat(server.seen().get(0).uri()).isEqualTo("/refund/A7");
        assertThat(server.seen().get(0).body()).isEqualTo("{\"refund\":{\"amount\":12.5,\"tags\":[\"x\"],\"reason\":\"customer\"},"
                + "\"note\":\"refund of A7 (12.5)\",\"list\":[[\"x\"],null]}");
        assertThat(server.seen().get(1).body()).isEqualTo("{\"refund\":{\"amount\":3,\"reason\":\"customer\"},"
                + "\"note\":\"refund of B8 (3)\",\"list\":[null,null]}");
        assertThatThrownBy(() -> refund.call(call("{\"order_id\":\"C9\"}", "k"))).isInstanceOf(ToolInputException.class)
                .hasMessage("argument 'amount' is required (it is part of the body)");
        Tool whole = tool("PUT", "/doc", ",\"body\":\"{tags}\"");
        whole.call(call("{\"tags\":{\"a\":1}}", "k"));
        assertThat(server.seen().getLast().body()).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> whole.call(call("{}", "k"))).hasMessage("argument 'tags' is required (it is the body)");
    }

    @Test
    void aPointerSelectsPartOfTheResponse() throws Exception {
        assertThat(tool("GET", "/order", ",\"response\":{\"pointer\":\"/data/order\"}").call(call("{}", "k")))
                .isEqualTo(ToolOutcome.success("{\"id\":\"A7\",\"status\":\"refunded\",\"lines\":[1,2,3]}"));
        assertThat(tool("GET", "/order", ",\"response\":{\"pointer\":\"/data/order/status\"}").call(call("{}", "k")))
                .isEqualTo(ToolOutcome.success("refunded"));
        assertThat(tool("GET", "/order", ",\"response\":{\"pointer\":\"/data/invoice\"}").call(call("{}", "k")))
                .isEqualTo(ToolOutcome.failure("the response has nothing at /data/invoice"));
        assertThat(tool("GET", "/text", ",\"response\":{\"pointer\":\"/a\"}").call(call("{}", "k")))
                .isEqualTo(ToolOutcome.failure("the response is not JSON, so /a cannot be selected from it: plain words, not JSON"));
        assertThat(tool("GET", "/order", ",\"response\":{\"pointer\":\"/data/order\",\"max_bytes\":10}").call(call("{}", "k")))
                .isEqualTo(ToolOutcome.success("{\"id\":\"A7\"\n... (/data/order cut at 10 of 47 bytes)"));
    }

    @Test
    void aLongResponseIsCutAtMaxBytesOnACharacterBoundary() throws Exception {
        ToolOutcome outcome = tool("GET", "/big", ",\"response\":{\"max_bytes\":101}").call(call("{}", "k"));

        assertThat(outcome).isEqualTo(ToolOutcome.success("é".repeat(50) + "\n... (response cut at 101 bytes)"));
    }

    @Test
    void anErrorStatusIsToldWithABoundedExcerptAndRedirectsAreNotFollowed() throws Exception {
        ToolOutcome error = tool("GET", "/error", "").call(call("{}", "k"));
        ToolOutcome moved = tool("GET", "/moved", "").call(call("{}", "k"));

        assertThat(error).isEqualTo(ToolOutcome.failure("HTTP 500 from 127.0.0.1: " + "x".repeat(HttpTool.ERROR_EXCERPT_BYTES)
                + "..."));
        assertThat(moved).isEqualTo(ToolOutcome.failure(
                "HTTP 302 from 127.0.0.1: a redirect to http://127.0.0.1:1/elsewhere, which is not followed"));
        assertThat(server.seen()).extracting(LoopbackServer.Seen::uri).containsExactly("/error", "/moved");
    }
}
