package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.store.Role;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AuthApiTest extends ApiServerTest {

    @Test
    void requestsWithoutAValidKeyAreUnauthorized() {
        HttpApi.Reply missing = api.as(null).get("/v1/agents");
        missing.error(401, "unauthorized");
        assertThat(missing.response().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        api.as("cairn_sk_not_a_real_key_at_all_000000000000").get("/v1/agents").error(401, "unauthorized");
        api.as(null).send(api.as(null).request("/v1/agents").header("Authorization", "Basic YWRtaW46YWRtaW4="))
                .error(401, "unauthorized");
        api.as(null).post("/v1/sessions", "{\"agent\": \"helper\"}").error(401, "unauthorized");
        api.as(null).get("/metrics").error(401, "unauthorized");
    }

    @Test
    void healthAndReadinessNeedNoKey() {
        assertThat(api.as(null).get("/healthz").expect(200).json().get("status").asText()).isEqualTo("ok");
        assertThat(api.as(null).get("/readyz").expect(200).json().get("status").asText()).isEqualTo("ready");
    }

    @Test
    void rolesLimitWhatAKeyMayDo() {
        HttpApi user = api.as(fixture.key(Role.USER));
        HttpApi operator = api.as(fixture.key(Role.OPERATOR));
        assertThat(user.post("/v1/agents", ApiFixture.AGENT_JSON).error(403, "forbidden")).contains("operator");
        user.post("/v1/tenants", "{\"name\": \"x\"}").error(403, "forbidden");
        operator.post("/v1/tenants", "{\"name\": \"x\"}").error(403, "forbidden");
        operator.post("/v1/keys", "{\"role\": \"admin\"}").error(403, "forbidden");
        operator.get("/metrics").error(403, "forbidden");
        operator.post("/v1/agents", ApiFixture.AGENT_JSON).expect(200, 201);
        String session = user.post("/v1/sessions", "{\"agent\": \"helper\"}").expect(201).json().get("id").asText();
        user.post("/v1/sessions/" + session + "/messages", "{\"content\": \"hi\", \"wait\": true}").expect(200);
    }

    @Test
    void anotherTenantsObjectsAreNotFound() {
        String session = fixture.newSession();
        String run = api.post("/v1/sessions/" + session + "/messages", "{\"content\": \"mine\", \"wait\": true}")
                .expect(200).json().get("run").get("id").asText();
        long events = fixture.eventCount(session);
        HttpApi other = api.as(fixture.otherTenantKey());

        other.get("/v1/sessions/" + session).error(404, "not_found");
        other.get("/v1/sessions/" + session + "/events").error(404, "not_found");
        other.post("/v1/sessions/" + session + "/messages", "{\"content\": \"theirs\"}").error(404, "not_found");
        other.get("/v1/sessions/" + session + "/memory/blocks/persona").error(404, "not_found");
        other.put("/v1/sessions/" + session + "/memory/blocks/persona", "{\"value\": \"hijacked\"}").error(404, "not_found");
        other.get("/v1/runs/" + run).error(404, "not_found");
        other.post("/v1/runs/" + run + "/cancel", "").error(404, "not_found");
        other.get("/v1/runs?session_id=" + session).error(404, "not_found");
        other.get("/v1/agents/helper").error(404, "not_found");
        other.post("/v1/sessions", "{\"agent\": \"helper\"}").error(404, "not_found");
        assertThat(other.get("/v1/sessions").expect(200).json().get("sessions")).isEmpty();
        assertThat(other.get("/v1/runs").expect(200).json().get("runs")).isEmpty();
        assertThat(other.get("/v1/agents").expect(200).json().get("agents")).isEmpty();

        assertThat(fixture.eventCount(session)).isEqualTo(events);
        assertThat(api.get("/v1/sessions/" + session + "/memory/blocks/persona").json().get("value").asText())
                .isEqualTo("Careful.");
    }

    @Test
    void adminsMakeTenantsAndKeysThatWorkOnce() {
        JsonNode tenant = api.post("/v1/tenants", "{\"name\": \"Acme\"}").expect(201).json();
        String tenantId = tenant.get("id").asText();
        assertThat(tenant.get("name").asText()).isEqualTo("Acme");
        assertThat(api.get("/v1/tenants").expect(200).json().get("tenants").findValuesAsText("id")).contains(tenantId, "default");

        JsonNode issued = api.post("/v1/keys", "{\"tenant_id\": \"" + tenantId + "\", \"role\": \"operator\", \"name\": \"ci\"}")
                .expect(201).json();
        String key = issued.get("key").asText();
        assertThat(key).startsWith("cairn_sk_").hasSizeGreaterThan(40);
        assertThat(issued.get("tenant_id").asText()).isEqualTo(tenantId);
        assertThat(issued.get("role").asText()).isEqualTo("operator");

        HttpApi acme = api.as(key);
        acme.post("/v1/agents", ApiFixture.AGENT_JSON).expect(201);
        assertThat(acme.get("/v1/agents").json().get("agents").findValuesAsText("name")).containsExactly("helper");

        JsonNode listed = api.get("/v1/keys?tenant_id=" + tenantId).expect(200).json().get("keys");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).has("key")).isFalse();
        assertThat(listed.toString()).doesNotContain(key).doesNotContain(dev.cairn.server.auth.ApiKeys.hash(key));

        JsonNode ownTenant = api.post("/v1/keys", "{\"role\": \"user\"}").expect(201).json();
        assertThat(ownTenant.get("tenant_id").asText()).isEqualTo("default");
        api.post("/v1/keys", "{\"tenant_id\": \"ten_missing\", \"role\": \"user\"}").error(404, "not_found");
        assertThat(api.post("/v1/keys", "{\"role\": \"root\"}").error(400, "invalid_request")).contains("root");
        api.post("/v1/tenants", "{}").error(400, "invalid_request");
    }

    private static final Pattern NOT_FOUND_COUNTED =
            Pattern.compile("cairn_http_requests_total\\{method=\"GET\",status=\"404\"} [1-9]");
    private static final Pattern COMPLETED_COUNTED =
            Pattern.compile("cairn_run_transitions_total\\{state=\"completed\"} [1-9]");

    private static boolean counted(String metrics) {
        return NOT_FOUND_COUNTED.matcher(metrics).find() && COMPLETED_COUNTED.matcher(metrics).find();
    }

    @Test
    void metricsCountRequestsAndRuns() {
        String session = fixture.newSession();
        api.post("/v1/sessions/" + session + "/messages", "{\"content\": \"count me\", \"wait\": true}").expect(200);
        api.get("/v1/sessions/ses_missing").expect(404);
        // Counters are updated just after an answer is sent, so give them a moment.
        HttpApi.Reply metrics = api.get("/metrics").expect(200);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!counted(metrics.body()) && System.nanoTime() < deadline) {
            metrics = api.get("/metrics").expect(200);
        }
        assertThat(metrics.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("# TYPE cairn_http_requests_total counter")
                .containsPattern(NOT_FOUND_COUNTED)
                .containsPattern(COMPLETED_COUNTED)
                .contains("cairn_runs{state=\"queued\"}")
                .contains("cairn_store_ready 1");
    }
}
