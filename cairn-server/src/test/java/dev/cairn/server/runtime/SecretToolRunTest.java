package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.store.Tenant;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets reach a real HTTP server from a run, resolved with the session's tenant, and nowhere else. */
class SecretToolRunTest {

    private static final String VALUE = "tok_live_7Hc2QxLm90";
    private static final String OTHER_TENANT = "t2";
    private static final String AGENT = """
            name: payer
            tools:
              - name: charge
                http: {method: POST, url: "http://127.0.0.1:%d/charge", auth: secret:billing, body: {amount: "{amount}"}}
                input_schema: {type: object, properties: {amount: {type: number}}}
            """;

    @TempDir
    Path folder;

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/charge", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRunUsesItsOwnTenantsSecretAndAnotherTenantCannot() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).open()) {
            fixture.store.tenants().createTenant(new Tenant(OTHER_TENANT, OTHER_TENANT, Instant.now()));
            fixture.secrets.put(RuntimeFixture.TENANT, "billing", VALUE);
            String yaml = AGENT.formatted(server.getAddress().getPort());
            fixture.runtime.applyAgent(RuntimeFixture.TENANT, yaml, false);
            fixture.runtime.applyAgent(OTHER_TENANT, yaml, false);
            String own = fixture.session("payer");
            String other = fixture.runtime.createSession(OTHER_TENANT, "payer", "u2", null).id();

            RunView ownRun = run(fixture, RuntimeFixture.TENANT, own);
            RunView otherRun = run(fixture, OTHER_TENANT, other);

            assertThat(ownRun.state()).isEqualTo(RunState.COMPLETED);
            assertThat(otherRun.state()).isEqualTo(RunState.COMPLETED);
            assertThat(authorizations).containsExactly("Bearer " + VALUE);
            assertThat(failures(fixture, other)).containsExactly("not sent: secret 'billing' is not set in this tenant"
                    + " (an operator sets it with PUT /v1/secrets/billing)");
            assertThat(failures(fixture, own)).isEmpty();
            for (String session : List.of(own, other)) {
                assertThat(fixture.store.events().readAll(session)).map(event -> Json.write(event.payload()))
                        .noneMatch(text -> text.contains(VALUE));
            }
        }
    }

    private static RunView run(RuntimeFixture fixture, String tenant, String session) throws Exception {
        String runId = fixture.runtime.postMessage(tenant, session, "/call charge {\"amount\": 12}", null).run().id();
        return fixture.runtime.awaitRun(tenant, runId, Duration.ofSeconds(20));
    }

    private static List<String> failures(RuntimeFixture fixture, String session) {
        return fixture.store.events().readAll(session).stream().map(Event::payload)
                .filter(payload -> payload instanceof EventPayload.ToolFailed)
                .map(payload -> ((EventPayload.ToolFailed) payload).error()).toList();
    }
}
