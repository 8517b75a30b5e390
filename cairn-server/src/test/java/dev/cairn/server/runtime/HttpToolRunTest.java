package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.ValidationException;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A declared HTTP tool inside a run: the call reaches a real server with the run's idempotency key. */
class HttpToolRunTest {

    @TempDir
    Path folder;

    @Test
    void anAgentsHttpToolIsCalledWithTheKeyRecordedInTheLog() throws Exception {
        List<String> keys = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/orders", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            byte[] body = ("refunded " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).open()) {
            fixture.agent("""
                    name: billing
                    tools:
                      - name: refund
                        description: Refund an order.
                        http: {method: POST, url: "http://127.0.0.1:%d/orders/{order_id}/refund"}
                        input_schema: {type: object, properties: {order_id: {type: string}}, required: [order_id]}
                        idempotent: false
                    """.formatted(server.getAddress().getPort()));
            String session = fixture.session("billing");
            RunView run = fixture.runtime.awaitRun(RuntimeFixture.TENANT, fixture.runtime.postMessage(RuntimeFixture.TENANT,
                    session, "/call refund {\"order_id\":\"A1\"}", null).run().id(), Duration.ofSeconds(20));
            assertThat(run.state()).isEqualTo(RunState.COMPLETED);
            assertThat(run.output()).isEqualTo("refund -> refunded /orders/A1/refund");
            String startedKey = fixture.store.events().readAll(session).stream()
                    .filter(e -> e.payload() instanceof EventPayload.ToolStarted)
                    .map(e -> ((EventPayload.ToolStarted) e.payload()).idempotencyKey()).findFirst().orElseThrow();
            assertThat(keys).containsExactly(startedKey);

            Assertions.assertThatThrownBy(() -> fixture.agent("""
                    name: broken
                    tools: [{name: x, http: {method: GET}}]
                    """)).isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("tools[0].http.url")));
        } finally {
            server.stop(0);
        }
    }
}
