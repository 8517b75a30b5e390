package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.store.Role;
import dev.cairn.server.auth.ApiKeys;
import dev.cairn.server.auth.IssuedKey;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/approvals} on a real server: people decide what a require_approval tool may do. */
class ApprovalsApiTest {

    private static final String APPEND_TEA = "/call memory {\\\"operation\\\":\\\"append\\\",\\\"label\\\":\\\"notes\\\",\\\"text\\\":\\\"tea\\\"}";

    @TempDir
    Path folder;

    private ApiFixture fixture;
    private HttpApi api;

    @BeforeEach
    void start() {
        fixture = ApiFixture.start(folder);
        api = fixture.api;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private String session(String approvalTimeout) {
        api.post("/v1/agents", """
                {"name": "careful", "route": "scripted", "memory": {"blocks": {"notes": ""}},
                 "tools": [{"builtin": "memory", "policy": "require_approval"%s}]}
                """.formatted(approvalTimeout == null ? "" : ", \"approval_timeout\": \"" + approvalTimeout + "\""))
                .expect(200, 201);
        return api.post("/v1/sessions", "{\"agent\": \"careful\"}").expect(201).json().get("id").asText();
    }

    /** Posts the message and answers the run, which waits for a person. */
    private JsonNode waitingRun(String session) {
        JsonNode answer = api.post("/v1/sessions/" + session + "/messages",
                "{\"content\": \"" + APPEND_TEA + "\", \"wait\": true}").expect(202).json();
        assertThat(answer.at("/run/state").asText()).isEqualTo("awaiting_approval");
        return answer.get("run");
    }

    static JsonNode endedRun(HttpApi api, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode run = api.get("/v1/runs/" + runId).expect(200).json();
            String state = run.get("state").asText();
            if (state.equals("completed") || state.equals("failed") || state.equals("cancelled")) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " did not end: " + run);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anOperatorApprovesAPendingCallAndTheRunFinishes() throws Exception {
        String session = session(null);
        JsonNode run = waitingRun(session);
        JsonNode listed = api.get("/v1/approvals?status=pending&session_id=" + session).expect(200).json().get("approvals");
        assertThat(listed).hasSize(1);
        JsonNode approval = listed.get(0);
        String id = approval.get("id").asText();
        assertThat(approval.get("run_id").asText()).isEqualTo(run.get("id").asText());
        assertThat(approval.get("tool").asText()).isEqualTo("memory");
        assertThat(approval.get("status").asText()).isEqualTo("pending");
        assertThat(approval.get("cause").asText()).isEqualTo("policy");
        assertThat(approval.get("arguments").asText()).contains("tea");
        assertThat(api.get("/v1/runs/" + run.get("id").asText()).expect(200).json().at("/pending_approvals/0/id").asText())
                .isEqualTo(id);
        assertThat(api.get("/v1/approvals/" + id).expect(200).json().get("expires_at").asText()).isNotBlank();

        api.as(fixture.key(Role.USER)).post("/v1/approvals/" + id, "{\"decision\": \"approve\"}").error(403, "forbidden");
        IssuedKey operator = fixture.keys.issue(ApiKeys.DEFAULT_TENANT, Role.OPERATOR, "approver");
        HttpApi asOperator = api.as(operator.key());
        asOperator.post("/v1/approvals/" + id, "{\"decision\": \"maybe\"}").error(400, "invalid_request");
        asOperator.post("/v1/approvals/" + id, "{\"decision\": \"approve\", \"extra\": 1}").error(400, "invalid_request");
        JsonNode decided = asOperator.post("/v1/approvals/" + id, "{\"decision\": \"approve\", \"reason\": \"fine\"}")
                .expect(200).json();
        assertThat(decided.get("status").asText()).isEqualTo("approved");
        assertThat(decided.get("decided_by").asText()).isEqualTo(operator.record().id());
        assertThat(decided.get("reason").asText()).isEqualTo("fine");
        assertThat(asOperator.post("/v1/approvals/" + id, "{\"decision\": \"deny\"}").error(409, "conflict"))
                .contains("already decided");

        JsonNode ended = endedRun(api, run.get("id").asText());
        assertThat(ended.get("state").asText()).isEqualTo("completed");
        assertThat(api.get("/v1/sessions/" + session + "/memory/blocks/notes").expect(200).json().get("value").asText())
                .isEqualTo("tea");
        assertThat(api.get("/v1/approvals?status=pending").expect(200).json().get("approvals")).isEmpty();
        assertThat(api.get("/v1/approvals?status=approved").expect(200).json().get("approvals")).hasSize(1);
    }

    @Test
    void aDeniedCallIsNotMadeAndTheModelHearsWhy() throws Exception {
        String session = session(null);
        JsonNode run = waitingRun(session);
        String id = api.get("/v1/approvals?session_id=" + session).expect(200).json().at("/approvals/0/id").asText();
        api.post("/v1/approvals/" + id, "{\"decision\": \"deny\", \"reason\": \"not now\"}").expect(200);
        JsonNode ended = endedRun(api, run.get("id").asText());
        assertThat(ended.get("output").asText()).isEqualTo("memory -> denied by a person: not now");
        assertThat(api.get("/v1/sessions/" + session + "/memory/blocks/notes").expect(200).json().get("value").asText())
                .isEmpty();
    }

    @Test
    void anExpiredApprovalReadsAsExpiredAndCannotBeDecided() throws Exception {
        String session = session("200ms");
        JsonNode run = waitingRun(session);
        String id = api.get("/v1/approvals?session_id=" + session).expect(200).json().at("/approvals/0/id").asText();
        JsonNode ended = endedRun(api, run.get("id").asText());
        assertThat(ended.get("output").asText()).startsWith("memory -> denied: nobody decided within");
        JsonNode approval = api.get("/v1/approvals/" + id).expect(200).json();
        assertThat(approval.get("status").asText()).isEqualTo("expired");
        assertThat(approval.get("decided_by").asText()).isEqualTo("system");
        api.post("/v1/approvals/" + id, "{\"decision\": \"approve\"}").error(409, "conflict");
        assertThat(api.get("/v1/approvals?status=expired").expect(200).json().get("approvals")).hasSize(1);
    }

    @Test
    void unknownAndOtherTenantsApprovalsAreNotFoundAndBadQueriesAreNamed() {
        String session = session(null);
        waitingRun(session);
        String id = api.get("/v1/approvals").expect(200).json().at("/approvals/0/id").asText();
        long events = fixture.eventCount(session);
        HttpApi other = api.as(fixture.otherTenantKey());
        other.get("/v1/approvals/" + id).error(404, "not_found");
        other.post("/v1/approvals/" + id, "{\"decision\": \"approve\"}").error(404, "not_found");
        assertThat(other.get("/v1/approvals").expect(200).json().get("approvals")).isEmpty();
        api.get("/v1/approvals/apr_nobody").error(404, "not_found");
        api.post("/v1/approvals/apr_nobody", "{\"decision\": \"approve\"}").error(404, "not_found");
        assertThat(api.get("/v1/approvals?status=waiting").error(400, "invalid_request")).contains("pending");
        api.get("/v1/approvals?session_id=ses_nobody").error(404, "not_found");
        api.post("/v1/approvals/" + id, "{\"reason\": \"no decision\"}").error(400, "invalid_request");
        assertThat(fixture.eventCount(session)).isEqualTo(events);
        assertThat(api.get("/v1/approvals/" + id).expect(200).json().get("status").asText()).isEqualTo("pending");
    }
}
