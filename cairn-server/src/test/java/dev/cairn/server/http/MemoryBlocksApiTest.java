package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/sessions/{id}/memory/blocks}: blocks with their limits, each block's history of
 * versions, and restoring an earlier version as a new one.
 */
class MemoryBlocksApiTest extends ApiServerTest {

    private static final String AGENT = """
            {"name": "keeper", "route": "scripted",
             "memory": {"blocks": {"persona": {"value": "Careful.", "limit": 20}, "notes": ""}},
             "tools": [{"builtin": "memory"}]}
            """;

    @BeforeAll
    static void applyAgent() {
        api.post("/v1/agents", AGENT).expect(200, 201);
    }

    private static String newSession() {
        return api.post("/v1/sessions", "{\"agent\": \"keeper\"}").expect(201).json().get("id").asText();
    }

    private static String blocks(String session) {
        return "/v1/sessions/" + session + "/memory/blocks";
    }

    private static JsonNode put(String session, String label, String value) {
        return api.put(blocks(session) + "/" + label, "{\"value\": \"" + value + "\"}").expect(200).json();
    }

    private static JsonNode ask(String session, String content) {
        return api.post("/v1/sessions/" + session + "/messages",
                "{\"content\": " + dev.cairn.core.json.Json.write(content) + ", \"wait\": true}").expect(200).json();
    }

    @Test
    void everyBlockIsListedWithItsLimitAndLatestVersion() {
        String session = newSession();
        JsonNode listed = api.get(blocks(session)).expect(200).json().get("blocks");
        assertThat(listed.findValuesAsText("label")).containsExactly("persona", "notes");
        assertThat(listed.get(0).get("value").asText()).isEqualTo("Careful.");
        assertThat(listed.get(0).get("limit").asInt()).isEqualTo(20);
        assertThat(listed.get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(listed.get(1).get("limit").asInt()).isEqualTo(5000);

        long written = put(session, "task", "triage #7").get("seq").asLong();

        listed = api.get(blocks(session)).expect(200).json().get("blocks");
        assertThat(listed.findValuesAsText("label")).containsExactly("persona", "notes", "task");
        assertThat(listed.get(2).get("seq").asLong()).isEqualTo(written);
        assertThat(listed.get(2).get("limit").asInt()).isEqualTo(5000);
        JsonNode one = api.get(blocks(session) + "/task").expect(200).json();
        assertThat(one.get("value").asText()).isEqualTo("triage #7");
        assertThat(one.get("seq").asLong()).isEqualTo(written);
    }

    @Test
    void aWriteThroughTheApiOverTheBlocksLimitIsRefusedNamingItAndChangesNothing() {
        String session = newSession();
        long before = fixture.eventCount(session);

        String message = api.put(blocks(session) + "/persona", "{\"value\": \"" + "x".repeat(21) + "\"}")
                .error(400, "invalid_request");

        assertThat(message).contains("'persona'").contains("21 characters").contains("limit of 20");
        assertThat(fixture.eventCount(session)).isEqualTo(before);
        assertThat(api.get(blocks(session) + "/persona").json().get("value").asText()).isEqualTo("Careful.");
        assertThat(put(session, "persona", "x".repeat(20)).get("value").asText()).hasSize(20);
        api.put(blocks(session) + "/notes", "{\"value\": \"" + "n".repeat(5001) + "\"}").error(400, "invalid_request");
    }

    @Test
    void theAgentsEditOverTheLimitFailsNamingItAndTheBlockStaysAsItWas() {
        String session = newSession();

        JsonNode answer = ask(session,
                "/call memory {\"operation\": \"append\", \"label\": \"persona\", \"text\": \"and very thorough\"}");

        assertThat(answer.get("output").asText()).contains("memory -> ")
                .contains("'persona' would be 26 characters, over its limit of 20");
        assertThat(api.get(blocks(session) + "/persona").json().get("value").asText()).isEqualTo("Careful.");
        assertThat(api.get("/v1/sessions/" + session + "/events?limit=1000").json().get("events").findValuesAsText("type"))
                .doesNotContain("memory.written");
    }

    @Test
    void theHistoryListsEveryVersionOldestFirstInPages() {
        String session = newSession();
        long first = put(session, "persona", "Brisk.").get("seq").asLong();
        ask(session, "/call memory {\"operation\": \"append\", \"label\": \"persona\", \"text\": \"Kind.\"}");
        long third = put(session, "persona", "Calm.").get("seq").asLong();
        put(session, "notes", "unrelated");

        JsonNode history = api.get(blocks(session) + "/persona/history").expect(200).json();

        assertThat(history.get("label").asText()).isEqualTo("persona");
        JsonNode versions = history.get("versions");
        assertThat(versions.findValuesAsText("value")).containsExactly("Careful.", "Brisk.", "Brisk.\nKind.", "Calm.");
        assertThat(versions.findValuesAsText("operation")).containsExactly("initial", "set", "append", "set");
        assertThat(versions.findValuesAsText("source")).containsExactly("definition", "api", "agent", "api");
        assertThat(versions.get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(versions.get(1).get("seq").asLong()).isEqualTo(first);
        assertThat(versions.get(3).get("seq").asLong()).isEqualTo(third);
        versions.forEach(version -> {
            assertThat(version.get("created_at").asText()).isNotBlank();
            assertThat(version.get("restored_from").isNull()).isTrue();
        });
        assertThat(history.get("has_more").asBoolean()).isFalse();

        JsonNode page = api.get(blocks(session) + "/persona/history?limit=2").expect(200).json();
        assertThat(page.get("versions").findValuesAsText("value")).containsExactly("Careful.", "Brisk.");
        assertThat(page.get("has_more").asBoolean()).isTrue();
        JsonNode next = api.get(blocks(session) + "/persona/history?limit=2&after=" + page.get("last_seq").asLong())
                .expect(200).json();
        assertThat(next.get("versions").findValuesAsText("value")).containsExactly("Brisk.\nKind.", "Calm.");
        assertThat(next.get("has_more").asBoolean()).isFalse();

        api.get(blocks(session) + "/nothing/history").error(404, "not_found");
        api.get(blocks(session) + "/persona/history?limit=0").error(400, "invalid_request");
    }

    @Test
    void restoringAVersionWritesANewVersionWithThatValue() {
        String session = newSession();
        long brisk = put(session, "persona", "Brisk.").get("seq").asLong();
        put(session, "persona", "Calm.");

        JsonNode restored = api.post(blocks(session) + "/persona/restore", "{\"seq\": " + brisk + "}").expect(200).json();

        assertThat(restored.get("value").asText()).isEqualTo("Brisk.");
        assertThat(restored.get("restored_from").asLong()).isEqualTo(brisk);
        assertThat(restored.get("seq").asLong()).isEqualTo(fixture.eventCount(session));
        assertThat(api.get(blocks(session) + "/persona").json().get("value").asText()).isEqualTo("Brisk.");
        JsonNode event = api.get("/v1/sessions/" + session + "/events?after=" + (restored.get("seq").asLong() - 1))
                .json().get("events").get(0);
        assertThat(event.get("type").asText()).isEqualTo("memory.written");
        assertThat(event.get("operation").asText()).isEqualTo("restore");
        assertThat(event.get("source").asText()).isEqualTo("api");
        assertThat(event.get("restored_from").asLong()).isEqualTo(brisk);
        JsonNode versions = api.get(blocks(session) + "/persona/history").json().get("versions");
        assertThat(versions.findValuesAsText("value")).containsExactly("Careful.", "Brisk.", "Calm.", "Brisk.");
        assertThat(versions.get(3).get("restored_from").asLong()).isEqualTo(brisk);

        JsonNode initial = api.post(blocks(session) + "/persona/restore", "{\"seq\": 1}").expect(200).json();
        assertThat(initial.get("value").asText()).isEqualTo("Careful.");
    }

    @Test
    void aSeqThatIsNotAVersionOfTheBlockIsRefusedAndNothingChanges() {
        String session = newSession();
        long notes = put(session, "notes", "a note").get("seq").asLong();
        put(session, "persona", "Brisk.");
        long before = fixture.eventCount(session);

        assertThat(api.post(blocks(session) + "/persona/restore", "{\"seq\": " + notes + "}").error(400, "invalid_request"))
                .contains("event " + notes + " is not a version of memory block 'persona'");
        api.post(blocks(session) + "/persona/restore", "{\"seq\": 999}").error(400, "invalid_request");
        api.post(blocks(session) + "/persona/restore", "{\"seq\": 0}").error(400, "invalid_request");
        api.post(blocks(session) + "/notes/restore", "{\"seq\": 1}").expect(200);
        before++;
        api.post(blocks(session) + "/persona/restore", "{\"seq\": \"2\"}").error(400, "invalid_request");
        api.post(blocks(session) + "/persona/restore", "{}").error(400, "invalid_request");
        api.post(blocks(session) + "/persona/restore", "{\"seq\": 2, \"value\": \"x\"}").error(400, "invalid_request");
        api.post(blocks(session) + "/nothing/restore", "{\"seq\": 1}").error(404, "not_found");
        api.post(blocks("ses_missing") + "/persona/restore", "{\"seq\": 1}").error(404, "not_found");

        assertThat(fixture.eventCount(session)).isEqualTo(before);
        assertThat(api.get(blocks(session) + "/persona").json().get("value").asText()).isEqualTo("Brisk.");
    }

    @Test
    void aForkSeesTheHistoryItSharesAndRestoresFromIt() {
        String parent = newSession();
        long shared = put(parent, "persona", "Shared.").get("seq").asLong();
        JsonNode fork = api.post("/v1/sessions/" + parent + "/fork", "{\"at_seq\": " + shared + "}").expect(201).json();
        String forkId = fork.get("id").asText();
        put(parent, "persona", "Parent only.");
        put(forkId, "persona", "Fork only.");

        JsonNode versions = api.get(blocks(forkId) + "/persona/history").json().get("versions");
        assertThat(versions.findValuesAsText("value")).containsExactly("Careful.", "Shared.", "Fork only.");
        assertThat(versions.get(1).get("seq").asLong()).isEqualTo(shared);

        assertThat(api.post(blocks(forkId) + "/persona/restore", "{\"seq\": " + shared + "}").expect(200).json()
                .get("value").asText()).isEqualTo("Shared.");
        assertThat(api.get(blocks(parent) + "/persona").json().get("value").asText()).isEqualTo("Parent only.");
        assertThat(api.get(blocks(parent) + "/persona/history").json().get("versions").findValuesAsText("value"))
                .containsExactly("Careful.", "Shared.", "Parent only.");
    }

    @Test
    void theAgentDefinitionShowsLimitsAsWritten() {
        JsonNode blocks = api.get("/v1/agents/keeper").expect(200).json().get("memory").get("blocks");
        assertThat(blocks.get("persona").get("value").asText()).isEqualTo("Careful.");
        assertThat(blocks.get("persona").get("limit").asInt()).isEqualTo(20);
        assertThat(blocks.get("notes").asText()).isEmpty();
        JsonNode problems = api.post("/v1/agents", """
                {"name": "bad", "memory": {"blocks": {"persona": {"value": "too long", "limit": 3}}}}
                """).expect(422).json().get("error").get("problems");
        assertThat(problems.toString()).contains("memory.blocks.persona has 8 characters, over its limit of 3");
    }

    @Test
    void anotherTenantSeesNoneOfIt() {
        String session = newSession();
        HttpApi other = api.as(fixture.otherTenantKey());
        for (String path : List.of(blocks(session), blocks(session) + "/persona", blocks(session) + "/persona/history")) {
            other.get(path).error(404, "not_found");
        }
        other.post(blocks(session) + "/persona/restore", "{\"seq\": 1}").error(404, "not_found");
        other.put(blocks(session) + "/persona", "{\"value\": \"x\"}").error(404, "not_found");
    }
}
