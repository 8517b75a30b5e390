package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.store.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /v1/memory} over a real server, store, Lucene index and embedding model. */
class MemoryApiTest extends ApiServerTest {

    private static JsonNode save(HttpApi as, String body) {
        return as.post("/v1/memory", body).expect(201).json();
    }

    private static String userItem(String userId, String text) {
        return "{\"scope\": \"user\", \"user_id\": \"" + userId + "\", \"text\": \"" + text + "\"}";
    }

    private static long changes() {
        return fixture.store.memory().lastChangeSeq();
    }

    @Test
    void aSavedItemIsAnsweredWholeAndFoundByTheNextSearch() {
        JsonNode saved = save(api, """
                {"scope": "user", "user_id": "alice", "namespace": "travel", "kind": "preference",
                 "text": "Alice prefers aisle seats on long flights", "metadata": {"source": "crm"}}
                """);

        assertThat(saved.get("id").asText()).startsWith("mem_");
        assertThat(saved.get("scope").asText()).isEqualTo("user");
        assertThat(saved.get("user_id").asText()).isEqualTo("alice");
        assertThat(saved.get("agent").isNull()).isTrue();
        assertThat(saved.get("namespace").asText()).isEqualTo("travel");
        assertThat(saved.get("kind").asText()).isEqualTo("preference");
        assertThat(saved.get("metadata").get("source").asText()).isEqualTo("crm");
        assertThat(saved.get("version").asInt()).isEqualTo(1);
        assertThat(saved.get("status").asText()).isEqualTo("current");
        assertThat(saved.get("source").get("session_id").isNull()).isTrue();
        assertThat(saved.get("embedding_model").asText()).isEqualTo("all-MiniLM-L6-v2");
        save(api, userItem("alice", "Alice has a dog called Biscuit"));

        JsonNode found = api.get("/v1/memory?scope=user&user_id=alice&q=which%20seat%20on%20a%20plane&limit=1")
                .expect(200).json();

        assertThat(found.get("items")).singleElement().satisfies(item -> {
            assertThat(item.get("id").asText()).isEqualTo(saved.get("id").asText());
            assertThat(item.get("text").asText()).isEqualTo("Alice prefers aisle seats on long flights");
            assertThat(item.get("score").isNumber()).isTrue();
        });
        assertThat(api.get("/v1/memory?scope=user&user_id=alice&namespace=travel&q=dog").json().get("items"))
                .extracting(item -> item.get("namespace").asText()).containsOnly("travel");
    }

    @Test
    void aListingIsNewestFirstAPageAtATime() {
        List<String> saved = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            saved.add(save(api, userItem("lister", "Note number " + i)).get("id").asText());
        }
        List<String> listed = new ArrayList<>();
        String path = "/v1/memory?scope=user&user_id=lister&limit=2";
        String cursor = null;
        for (int page = 0; page < 5; page++) {
            JsonNode answer = api.get(cursor == null ? path : path + "&cursor=" + cursor).expect(200).json();
            answer.get("items").forEach(item -> listed.add(item.get("id").asText()));
            if (answer.get("next_cursor").isNull()) {
                break;
            }
            cursor = answer.get("next_cursor").asText();
        }

        assertThat(listed).containsExactlyElementsOf(saved.reversed());
    }

    @Test
    void anItemShowsItsVersionsAndChangesOnlyAtTheVersionTheCallerRead() {
        String id = save(api, userItem("carol", "Carol lives in Paris")).get("id").asText();

        JsonNode updated = api.patch("/v1/memory/" + id, "{\"text\": \"Carol lives in Berlin\", \"version\": 1}")
                .expect(200).json();
        String stale = api.patch("/v1/memory/" + id, "{\"text\": \"Carol lives in Rome\", \"version\": 1}")
                .error(409, "conflict");
        api.method("DELETE", "/v1/memory/" + id + "?version=1").error(409, "conflict");
        JsonNode read = api.get("/v1/memory/" + id).expect(200).json();

        assertThat(updated.get("version").asInt()).isEqualTo(2);
        assertThat(stale).contains("version 2");
        assertThat(read.get("text").asText()).isEqualTo("Carol lives in Berlin");
        assertThat(read.get("versions")).extracting(version -> version.get("text").asText())
                .containsExactly("Carol lives in Paris", "Carol lives in Berlin");
        assertThat(read.get("versions").get(0).get("valid_until").isNull()).isFalse();
        assertThat(api.get("/v1/memory?scope=user&user_id=carol&q=Berlin").json().get("items"))
                .extracting(item -> item.get("text").asText()).containsExactly("Carol lives in Berlin");

        JsonNode metadataOnly = api.patch("/v1/memory/" + id, "{\"metadata\": {\"checked\": true}}").expect(200).json();
        assertThat(metadataOnly.get("text").asText()).isEqualTo("Carol lives in Berlin");
        assertThat(metadataOnly.get("version").asInt()).isEqualTo(3);

        api.method("DELETE", "/v1/memory/" + id + "?version=3").expect(204);
        api.get("/v1/memory/" + id).error(404, "not_found");
        api.method("DELETE", "/v1/memory/" + id).error(404, "not_found");
        assertThat(api.get("/v1/memory?scope=user&user_id=carol&q=Berlin").json().get("items")).isEmpty();
    }

    @Test
    void anotherTenantsItemsAreNotFound() {
        String id = save(api, "{\"scope\": \"tenant\", \"text\": \"The office is in Lyon\"}").get("id").asText();
        HttpApi other = api.as(fixture.otherTenantKey());
        long before = changes();

        other.get("/v1/memory/" + id).error(404, "not_found");
        other.patch("/v1/memory/" + id, "{\"text\": \"The office is in Nice\"}").error(404, "not_found");
        other.method("DELETE", "/v1/memory/" + id).error(404, "not_found");
        assertThat(other.get("/v1/memory?scope=tenant&q=office").expect(200).json().get("items")).isEmpty();
        assertThat(other.get("/v1/memory?scope=tenant").expect(200).json().get("items")).isEmpty();

        assertThat(changes()).isEqualTo(before);
        assertThat(api.get("/v1/memory/" + id).json().get("text").asText()).isEqualTo("The office is in Lyon");
    }

    @Test
    void aUserKeyMayReadAndWriteItsTenantsMemory() {
        HttpApi user = api.as(fixture.key(Role.USER));

        String id = save(user, "{\"scope\": \"agent\", \"agent\": \"helper\", \"text\": \"Answer in French\"}")
                .get("id").asText();

        assertThat(user.get("/v1/memory?scope=agent&agent=helper").expect(200).json().get("items"))
                .extracting(item -> item.get("id").asText()).contains(id);
        user.method("DELETE", "/v1/memory/" + id).expect(204);
    }

    @Test
    void anAgentWithBadLongTermMemoryIsRefusedWithEveryProblem() {
        JsonNode error = api.post("/v1/agents", """
                {"name": "rememberer",
                 "memory": {"long_term": {"scope": "team", "extract": ["moods"], "recall": {"limit": -1}}},
                 "tools": [{"builtin": "memory_search"}]}
                """).expect(422).json().get("error");

        assertThat(error.get("problems")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "memory.long_term.scope must be one of agent, user, tenant, got \"team\"",
                "memory.long_term.extract \"moods\" is not one of facts, preferences, summary",
                "memory.long_term.recall.limit must be a whole number from 0 to 50, got -1");
        api.get("/v1/agents/rememberer").error(404, "not_found");
        JsonNode applied = api.post("/v1/agents", "{\"name\": \"rememberer\", \"memory\": {\"long_term\": "
                + "{\"scope\": \"user\", \"namespace\": \"crm\"}}, \"tools\": [{\"builtin\": \"memory_search\"}]}")
                .expect(201).json();
        assertThat(applied.get("memory").get("long_term")).isEqualTo(ApiFixture.parse(
                "{\"scope\": \"user\", \"namespace\": \"crm\", \"recall\": {\"limit\": 5, \"max_tokens\": 1000}}"));
    }

    @Test
    void badSavesAreRefusedByNameAndStoreNothing() {
        long before = changes();
        for (String[] bad : new String[][] {
                {"{\"user_id\": \"a\", \"text\": \"x\"}", "'scope' is required"},
                {"{\"scope\": \"team\", \"text\": \"x\"}", "scope must be one of agent, user, tenant"},
                {"{\"scope\": \"user\", \"text\": \"x\"}", "user scope needs 'user_id'"},
                {"{\"scope\": \"agent\", \"text\": \"x\"}", "agent scope needs 'agent'"},
                {"{\"scope\": \"tenant\", \"user_id\": \"a\", \"text\": \"x\"}", "'user_id' does not apply to tenant scope"},
                {"{\"scope\": \"user\", \"user_id\": \"a\", \"agent\": \"b\", \"text\": \"x\"}", "'agent' does not apply"},
                {"{\"scope\": \"tenant\"}", "'text' is required"},
                {"{\"scope\": \"tenant\", \"text\": \"  \"}", "must not be blank"},
                {"{\"scope\": \"tenant\", \"text\": \"" + "x".repeat(8_001) + "\"}", "at most 8000 characters"},
                {"{\"scope\": \"tenant\", \"text\": \"x\", \"metadata\": [1]}", "'metadata' must be an object"},
                {"{\"scope\": \"tenant\", \"text\": \"x\", \"kind\": \"rumour\"}", "kind must be one of"},
                {"{\"scope\": \"tenant\", \"text\": \"x\", \"namespace\": \"a/b\"}", "namespace 'a/b'"},
                {"{\"scope\": \"tenant\", \"text\": \"x\", \"colour\": \"red\"}", "unknown field 'colour'"},
                {"{\"scope\": \"tenant\", \"text\": 7}", "'text' must be a string"}}) {
            assertThat(api.post("/v1/memory", bad[0]).error(400, "invalid_request")).as(bad[0]).contains(bad[1]);
        }
        api.post("/v1/memory", "{\"scope\": ").error(400, "malformed_body");

        assertThat(changes()).isEqualTo(before);
    }

    @Test
    void badListingsAreRefusedByName() {
        for (String[] bad : new String[][] {
                {"", "query parameter 'scope' is required"},
                {"scope=user", "user scope needs query parameter 'user_id'"},
                {"scope=agent&user_id=a", "agent scope needs query parameter 'agent'"},
                {"scope=tenant&agent=a", "query parameter 'agent' does not apply to tenant scope"},
                {"scope=tenant&limit=0", "'limit' must be between 1 and 100"},
                {"scope=tenant&limit=101", "'limit' must be between 1 and 100"},
                {"scope=tenant&limit=many", "'limit' must be a whole number"},
                {"scope=tenant&q=x&cursor=abc", "'cursor' pages a listing"},
                {"scope=tenant&cursor=not-a-cursor", "is not a cursor this server handed out"},
                {"scope=tenant&namespace=a%20b", "namespace 'a b'"},
                {"scope=tenant&query=x", "unknown query parameter 'query'"}}) {
            assertThat(api.get("/v1/memory?" + bad[0]).error(400, "invalid_request")).as(bad[0]).contains(bad[1]);
        }
    }

    @Test
    void badChangesAreRefusedByNameAndChangeNothing() {
        String id = save(api, userItem("dave", "Dave drinks tea")).get("id").asText();
        long before = changes();

        assertThat(api.patch("/v1/memory/" + id, "{}").error(400, "invalid_request")).contains("give 'text', 'metadata'");
        assertThat(api.patch("/v1/memory/" + id, "{\"text\": \"x\", \"version\": 0}").error(400, "invalid_request"))
                .contains("'version' must be a version number of at least 1");
        assertThat(api.patch("/v1/memory/" + id, "{\"text\": \"\"}").error(400, "invalid_request")).contains("blank");
        assertThat(api.patch("/v1/memory/" + id, "{\"scope\": \"tenant\"}").error(400, "invalid_request"))
                .contains("unknown field 'scope'");
        assertThat(api.method("DELETE", "/v1/memory/" + id + "?version=zero").error(400, "invalid_request"))
                .contains("'version' must be a whole number");
        assertThat(api.method("DELETE", "/v1/memory/" + id + "?versions=1").error(400, "invalid_request"))
                .contains("unknown query parameter 'versions'");
        api.patch("/v1/memory/mem_nothing", "{\"text\": \"x\"}").error(404, "not_found");

        assertThat(changes()).isEqualTo(before);
        assertThat(api.get("/v1/memory/" + id).json().get("version").asInt()).isEqualTo(1);
    }
}
