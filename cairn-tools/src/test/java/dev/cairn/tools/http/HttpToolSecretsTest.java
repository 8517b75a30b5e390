package dev.cairn.tools.http;

import static dev.cairn.tools.http.HttpToolTest.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.json.Json;
import dev.cairn.core.secret.MissingSecretException;
import dev.cairn.core.secret.SecretResolver;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Secrets reach the wire only in the headers a declaration names, and never come back to the model. */
class HttpToolSecretsTest {

    private static final String TOKEN = "tok_8d1e55c0a7";
    private static final String SIGNING = "sig_31f0c9b2";
    private static final Map<String, Map<String, String>> SECRETS = Map.of(
            "acme", Map.of("billing", TOKEN, "signing", SIGNING, "login", "svc:" + TOKEN, "wide", "wide_\u5bc6\u7801"),
            "globex", Map.of("billing", "globex_token_value"));

    private final List<String> resolved = new CopyOnWriteArrayList<>();
    private final SecretResolver resolver = (tenantId, name) -> {
        resolved.add(tenantId + "/" + name);
        String value = SECRETS.getOrDefault(tenantId, Map.of()).get(name);
        if (value == null) {
            throw new MissingSecretException(name);
        }
        return value;
    };
    private LoopbackServer server;
    private HttpToolKind kind;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackServer.start()
                .on("/echo", request -> LoopbackServer.Answer.ok("you sent " + request.header("Authorization")
                        + " and " + request.header("X-Signature")))
                .on("/denied", request -> new LoopbackServer.Answer(401, Map.of(),
                        "{\"error\":\"bad credentials " + request.header("Authorization") + "\"}"));
        kind = HttpToolKind.create(EgressAllowlist.allowing("127.0.0.1"), resolver);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ToolInvocation call(String tenant, String arguments) {
        return new ToolInvocation(tenant, "s", "r", "c", "k", Json.constant(arguments), Map.of());
    }

    private Tool tool(String path, String auth, String headers) {
        return kind.create(entry("t", "{\"method\":\"GET\",\"url\":\"" + server.base() + path + "\""
                + (auth == null ? "" : ",\"auth\":" + auth) + (headers == null ? "" : ",\"headers\":" + headers) + "}",
                null, null));
    }

    @Test
    void aBearerSecretIsSentResolvedWithTheSessionsTenant() throws Exception {
        tool("/x", "\"secret:billing\"", null).call(call("acme", "{}"));
        tool("/x", "\"secret:billing\"", null).call(call("globex", "{}"));

        assertThat(server.seen()).extracting(seen -> seen.header("Authorization"))
                .containsExactly("Bearer " + TOKEN, "Bearer globex_token_value");
        assertThat(resolved).containsExactly("acme/billing", "globex/billing");
    }

    @Test
    void basicAndHeaderAuthAndSecretsInHeaderValuesAreFilledIn() throws Exception {
        tool("/x", "{\"type\":\"basic\",\"secret\":\"login\"}", "{\"X-Signature\":\"v1=secret:signing;\"}")
                .call(call("acme", "{}"));
        tool("/x", "{\"type\":\"header\",\"secret\":\"billing\",\"header\":\"X-Api-Key\"}", null).call(call("acme", "{}"));

        LoopbackServer.Seen basic = server.seen().get(0);
        assertThat(basic.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString(("svc:" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(basic.header("X-Signature")).isEqualTo("v1=" + SIGNING + ";");
        assertThat(server.seen().get(1).header("X-Api-Key")).isEqualTo(TOKEN);
        assertThat(server.seen().get(1).header("Authorization")).isNull();
    }

    @Test
    void aMissingSecretFailsTheCallNamingItAndNothingIsSent() throws Exception {
        ToolOutcome outcome = tool("/x", "\"secret:billing\"", "{\"X-Signature\":\"secret:signing\"}")
                .call(call("globex", "{}"));

        assertThat(outcome).isEqualTo(ToolOutcome.failure("not sent: secret 'signing' is not set in this tenant"
                + " (an operator sets it with PUT /v1/secrets/signing)"));
        assertThat(server.seen()).isEmpty();
    }

    @Test
    void aValueNoHeaderCanCarryFailsTheCallWithoutQuotingIt() throws Exception {
        ToolOutcome outcome = tool("/x", "{\"type\":\"header\",\"secret\":\"wide\",\"header\":\"X-Api-Key\"}", null)
                .call(call("acme", "{}"));

        assertThat(outcome).isEqualTo(ToolOutcome.failure("not sent: a header value holds characters an HTTP header cannot carry"));
        assertThat(server.seen()).isEmpty();
    }

    @Test
    void secretValuesEchoedByTheServerAreReplacedByTheirNames() throws Exception {
        ToolOutcome echoed = tool("/echo", "\"secret:billing\"", "{\"X-Signature\":\"secret:signing\"}")
                .call(call("acme", "{}"));
        ToolOutcome denied = tool("/denied", "{\"type\":\"basic\",\"secret\":\"login\"}", null).call(call("acme", "{}"));

        assertThat(echoed).isEqualTo(ToolOutcome.success("you sent [secret:billing] and [secret:signing]"));
        assertThat(denied).isEqualTo(ToolOutcome.failure(
                "HTTP 401 from 127.0.0.1: {\"error\":\"bad credentials [secret:login]\"}"));
    }

    @Test
    void aHostOffTheAllowlistIsRefusedBeforeAnySecretIsReadOrAnythingSent() throws Exception {
        Tool byArgument = kind.create(entry("t", "{\"method\":\"GET\",\"url\":\"http://{host}:" + server.port() + "/x\","
                + "\"auth\":\"secret:billing\"}", null, null));
        Tool denyAll = HttpToolKind.create(EgressAllowlist.DENY_ALL, resolver)
                .create(entry("t", "{\"method\":\"GET\",\"url\":\"" + server.base() + "/x\",\"auth\":\"secret:billing\"}",
                        null, null));

        assertThat(byArgument.call(call("acme", "{\"host\":\"localhost\"}")))
                .isEqualTo(ToolOutcome.failure("refused: host 'localhost' is not on the egress allowlist of this tenant;"
                        + " no request was sent"));
        assertThat(byArgument.call(call("acme", "{\"host\":\"127.0.0.1@localhost\"}")))
                .isEqualTo(ToolOutcome.failure("refused: the URL has no valid host after filling in the arguments"));
        assertThat(byArgument.call(call("acme", "{\"host\":\"2130706433\"}"))).isInstanceOfSatisfying(
                ToolOutcome.Failure.class, failure -> assertThat(failure.error()).contains("not a canonical IP address"));
        assertThat(denyAll.call(call("acme", "{}"))).isInstanceOfSatisfying(ToolOutcome.Failure.class,
                failure -> assertThat(failure.error()).contains("(which allows no host)"));
        assertThat(server.seen()).isEmpty();
        assertThat(resolved).isEmpty();
        assertThat(byArgument.call(call("acme", "{\"host\":\"127.0.0.1\"}"))).isEqualTo(ToolOutcome.success("{\"ok\":true}"));
    }
}
