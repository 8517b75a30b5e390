package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client tools on a real server: the run shows its pending calls and takes their outputs. */
class ClientToolsApiTest {

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

    @Test
    void theCallerAnswersAClientCallAndTheRunFinishes() throws Exception {
        api.post("/v1/agents", """
                {"name": "picker", "route": "scripted",
                 "tools": [{"name": "pick_file", "description": "Ask the user for a file.", "client": true,
                            "input_schema": {"type": "object", "properties": {"kind": {"type": "string"}}}}]}
                """).expect(201);
        assertThat(api.get("/v1/agents/picker/tools").expect(200).json().at("/tools/0/client").asBoolean()).isTrue();
        String session = api.post("/v1/sessions", "{\"agent\": \"picker\"}").expect(201).json().get("id").asText();
        JsonNode posted = api.post("/v1/sessions/" + session + "/messages",
                "{\"content\": \"/call pick_file {\\\"kind\\\":\\\"pdf\\\"}\", \"wait\": true}").expect(202).json();
        String runId = posted.at("/run/id").asText();
        JsonNode run = api.get("/v1/runs/" + runId).expect(200).json();
        assertThat(run.get("state").asText()).isEqualTo("awaiting_client_tool");
        JsonNode pending = run.get("pending_tool_calls");
        assertThat(pending).hasSize(1);
        assertThat(pending.at("/0/tool").asText()).isEqualTo("pick_file");
        assertThat(pending.at("/0/arguments").asText()).isEqualTo("{\"kind\":\"pdf\"}");
        String callId = pending.at("/0/call_id").asText();

        long events = fixture.eventCount(session);
        String path = "/v1/runs/" + runId + "/tool-outputs";
        assertThat(api.post(path, "{\"outputs\": [{\"call_id\": \"" + callId + "\", \"output\": \"a.pdf\"}, "
                + "{\"call_id\": \"call_made_up\", \"output\": \"b.pdf\"}]}").error(400, "invalid_request"))
                .contains("call_made_up");
        api.post(path, "{\"outputs\": []}").error(400, "invalid_request");
        api.post(path, "{\"outputs\": {\"call_id\": \"x\"}}").error(400, "invalid_request");
        assertThat(api.post(path, "{\"outputs\": [{\"call_id\": \"" + callId + "\", \"output\": 5}]}")
                .error(400, "invalid_request")).contains("outputs[0]");
        api.post(path, "{\"outputs\": [{\"call_id\": \"" + callId + "\", \"output\": \"a\"}, "
                + "{\"call_id\": \"" + callId + "\", \"output\": \"b\"}]}").error(400, "invalid_request");
        api.as(fixture.otherTenantKey()).post(path, "{\"outputs\": [{\"call_id\": \"" + callId + "\", \"output\": \"x\"}]}")
                .error(404, "not_found");
        assertThat(fixture.eventCount(session)).isEqualTo(events);

        JsonNode answered = api.post(path, "{\"outputs\": [{\"call_id\": \"" + callId + "\", \"output\": \"report.pdf\"}]}")
                .expect(200).json();
        assertThat(answered.get("pending_tool_calls")).isEmpty();
        JsonNode ended = ApprovalsApiTest.endedRun(api, runId);
        assertThat(ended.get("state").asText()).isEqualTo("completed");
        assertThat(ended.get("output").asText()).isEqualTo("pick_file -> report.pdf");
        assertThat(api.post(path, "{\"outputs\": [{\"call_id\": \"" + callId + "\", \"output\": \"again\"}]}")
                .error(409, "conflict")).contains("not waiting for client tool outputs");
    }
}
