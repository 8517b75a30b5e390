package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SessionsApiTest extends ApiServerTest {

    @Test
    void createsASessionPinnedToTheAgentsLatestVersion() {
        int version = fixture.applyAgent().get("version").asInt();
        JsonNode session = api.post("/v1/sessions", """
                {"agent": "helper", "user_id": "ada", "metadata": {"ticket": 42}}
                """).expect(201).json();
        assertThat(session.get("id").asText()).startsWith("ses_");
        assertThat(session.get("agent").asText()).isEqualTo("helper");
        assertThat(session.get("agent_version").asInt()).isEqualTo(version);
        assertThat(session.get("user_id").asText()).isEqualTo("ada");
        assertThat(session.get("metadata").get("ticket").asInt()).isEqualTo(42);
        assertThat(session.get("created_at").asText()).isNotBlank();

        String id = session.get("id").asText();
        JsonNode state = api.get("/v1/sessions/" + id).expect(200).json();
        assertThat(state.get("id").asText()).isEqualTo(id);
        assertThat(state.get("last_seq").asLong()).isEqualTo(1);
        assertThat(state.get("messages")).isEmpty();
        assertThat(state.get("memory_blocks").get("persona").asText()).isEqualTo("Careful.");
        assertThat(state.get("runs")).isEmpty();

        assertThat(api.get("/v1/sessions").expect(200).json().get("sessions").findValuesAsText("id")).contains(id);
        assertThat(api.get("/v1/sessions?agent=helper&limit=1").expect(200).json().get("sessions")).hasSize(1);
    }

    @Test
    void aMessageWithoutWaitingAnswersTheQueuedRun() {
        String session = fixture.newSession();
        JsonNode answer = api.post("/v1/sessions/" + session + "/messages", "{\"content\": \"hello\"}").expect(202).json();
        JsonNode run = answer.get("run");
        assertThat(run.get("id").asText()).startsWith("run_");
        assertThat(run.get("state").asText()).isIn("queued", "running", "completed");
        assertThat(run.get("session_id").asText()).isEqualTo(session);
        JsonNode message = answer.get("message");
        assertThat(message.get("type").asText()).isEqualTo("message.user");
        assertThat(message.get("content").asText()).isEqualTo("hello");
        assertThat(message.get("seq").asLong()).isEqualTo(2);

        JsonNode ended = awaitEnd(run.get("id").asText());
        assertThat(ended.get("state").asText()).isEqualTo("completed");
        assertThat(ended.get("output").asText()).isEqualTo("echo: hello");
        assertThat(ended.get("usage").get("total_tokens").asLong()).isPositive();

        JsonNode state = api.get("/v1/sessions/" + session).json();
        assertThat(state.get("messages").findValuesAsText("role")).containsExactly("user", "assistant");
        assertThat(state.get("runs").get(0).get("state").asText()).isEqualTo("completed");
    }

    @Test
    void waitingRunsAToolAndAnswersTheFinalOutput() {
        String session = fixture.newSession();
        JsonNode answer = api.post("/v1/sessions/" + session + "/messages", """
                {"content": "/call memory {\\"operation\\": \\"append\\", \\"label\\": \\"notes\\", \\"text\\": \\"likes tea\\"}",
                 "wait": true}
                """).expect(200).json();
        assertThat(answer.get("run").get("state").asText()).isEqualTo("completed");
        assertThat(answer.get("output").asText()).startsWith("memory -> ").contains("likes tea");
        assertThat(answer.get("run").get("steps").asInt()).isEqualTo(2);

        JsonNode block = api.get("/v1/sessions/" + session + "/memory/blocks/notes").expect(200).json();
        assertThat(block.get("value").asText()).isEqualTo("likes tea");
        JsonNode state = api.get("/v1/sessions/" + session).json();
        assertThat(state.get("messages").findValuesAsText("role")).containsExactly("user", "assistant", "tool", "assistant");
        assertThat(state.get("messages").get(1).get("tool_calls").get(0).get("name").asText()).isEqualTo("memory");
        assertThat(state.get("messages").get(2).get("is_error").asBoolean()).isFalse();
    }

    @Test
    void aBusySessionWithRejectAnswers409NamingTheActiveRun() {
        String session = fixture.newSession();
        String active = api.post("/v1/sessions/" + session + "/messages", "{\"content\": \"/sleep 1500\\nslow\"}")
                .expect(202).json().get("run").get("id").asText();
        String message = api.post("/v1/sessions/" + session + "/messages", "{\"content\": \"next\", \"on_busy\": \"reject\"}")
                .error(409, "conflict");
        assertThat(message).contains(active);
        assertThat(api.get("/v1/sessions/" + session).json().get("messages").findValuesAsText("content")).doesNotContain("next");
        api.post("/v1/runs/" + active + "/cancel", "{\"reason\": \"test is done\"}").expect(200);
    }

    @Test
    void runsAreReadListedAndCancelled() {
        String session = fixture.newSession();
        // A running run stops at its next step boundary: after this tool call, before the model is asked again.
        String slow = api.post("/v1/sessions/" + session + "/messages", """
                {"content": "/sleep 1500\\n/call memory {\\"operation\\": \\"append\\", \\"label\\": \\"notes\\", \\"text\\": \\"x\\"}"}
                """).expect(202).json().get("run").get("id").asText();
        String queued = api.post("/v1/sessions/" + session + "/messages", "{\"content\": \"later\"}")
                .expect(202).json().get("run").get("id").asText();

        JsonNode cancelled = api.post("/v1/runs/" + queued + "/cancel", "{\"reason\": \"changed my mind\"}").expect(200).json();
        assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
        assertThat(cancelled.get("failure").get("message").asText()).isEqualTo("changed my mind");
        api.post("/v1/runs/" + queued + "/cancel", "").error(409, "conflict");

        JsonNode runs = api.get("/v1/runs?session_id=" + session).expect(200).json().get("runs");
        assertThat(runs.findValuesAsText("id")).containsExactlyInAnyOrder(slow, queued);
        JsonNode onlyCancelled = api.get("/v1/runs?session_id=" + session + "&state=cancelled").expect(200).json().get("runs");
        assertThat(onlyCancelled.findValuesAsText("id")).containsExactly(queued);
        assertThat(api.get("/v1/runs?limit=1").expect(200).json().get("runs")).hasSize(1);

        api.post("/v1/runs/" + slow + "/cancel", "").expect(200);
        assertThat(awaitEnd(slow).get("state").asText()).isEqualTo("cancelled");
        assertThat(api.get("/v1/runs/" + slow).expect(200).json().get("session_id").asText()).isEqualTo(session);
    }

    @Test
    void memoryBlocksAreReadAndWritten() {
        String session = fixture.newSession();
        assertThat(api.get("/v1/sessions/" + session + "/memory/blocks/persona").expect(200).json().get("value").asText())
                .isEqualTo("Careful.");
        JsonNode written = api.put("/v1/sessions/" + session + "/memory/blocks/task", "{\"value\": \"triage #7\"}")
                .expect(200).json();
        assertThat(written.get("label").asText()).isEqualTo("task");
        assertThat(written.get("value").asText()).isEqualTo("triage #7");
        assertThat(written.get("seq").asLong()).isEqualTo(2);
        assertThat(api.get("/v1/sessions/" + session + "/memory/blocks/task").json().get("value").asText())
                .isEqualTo("triage #7");
        api.get("/v1/sessions/" + session + "/memory/blocks/nothing").error(404, "not_found");
        api.put("/v1/sessions/" + session + "/memory/blocks/bad%20label", "{\"value\": \"x\"}").error(400, "invalid_request");
    }

    @Test
    void eventsArePagedInOrder() {
        String session = fixture.newSession();
        api.post("/v1/sessions/" + session + "/messages", "{\"content\": \"one\", \"wait\": true}").expect(200);
        JsonNode all = api.get("/v1/sessions/" + session + "/events").expect(200).json();
        JsonNode events = all.get("events");
        assertThat(events.get(0).get("type").asText()).isEqualTo("session.created");
        assertThat(events.get(0).get("agent").asText()).isEqualTo("helper");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).get("seq").asLong()).isEqualTo(i + 1);
            assertThat(events.get(i).get("created_at").asText()).isNotBlank();
        }
        assertThat(events.findValuesAsText("type")).contains("message.user", "run.queued", "run.started",
                "model.requested", "model.responded", "run.completed");
        assertThat(all.get("has_more").asBoolean()).isFalse();
        assertThat(all.get("last_seq").asLong()).isEqualTo(events.size());
        JsonNode completed = events.get(events.size() - 1);
        assertThat(completed.get("run_id").asText()).startsWith("run_");
        assertThat(completed.get("output").asText()).isEqualTo("echo: one");

        JsonNode page = api.get("/v1/sessions/" + session + "/events?after=2&limit=2").expect(200).json();
        assertThat(page.get("events").findValuesAsText("seq")).containsExactly("3", "4");
        assertThat(page.get("last_seq").asLong()).isEqualTo(4);
        assertThat(page.get("has_more").asBoolean()).isTrue();
    }

    private static JsonNode awaitEnd(String runId) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode run = api.get("/v1/runs/" + runId).expect(200).json();
            if (run.get("state").asText().matches("completed|failed|cancelled|expired")) {
                return run;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("run " + runId + " did not end in time");
    }
}
