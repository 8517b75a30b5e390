package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/sessions/{id}/fork}: a new session sharing the history up to a point, then going its own way. */
class ForkApiTest extends ApiServerTest {

    @BeforeAll
    static void prepare() {
        fixture.applyAgent();
    }

    private static String newSession() {
        return api.post("/v1/sessions", """
                {"agent": "helper", "user_id": "ada", "metadata": {"ticket": 42}}
                """).expect(201).json().get("id").asText();
    }

    private static JsonNode ask(String session, String content) {
        return api.post("/v1/sessions/" + session + "/messages", "{\"content\": \"" + content + "\", \"wait\": true}")
                .expect(200).json();
    }

    private static List<String> contents(String session) {
        List<String> contents = new ArrayList<>();
        api.get("/v1/sessions/" + session).expect(200).json().get("messages")
                .forEach(message -> contents.add(message.get("content").asText()));
        return contents;
    }

    private static long lastSeq(String session) {
        return api.get("/v1/sessions/" + session).expect(200).json().get("last_seq").asLong();
    }

    private static JsonNode fork(String session, long atSeq) {
        return api.post("/v1/sessions/" + session + "/fork", "{\"at_seq\": " + atSeq + "}").expect(201).json();
    }

    @Test
    void aForkSharesTheHistoryUpToItsPointThenEachSideSeesOnlyItsOwnContinuation() {
        String parent = newSession();
        ask(parent, "first");
        long afterFirst = lastSeq(parent);
        ask(parent, "second");

        JsonNode fork = fork(parent, afterFirst);

        String forkId = fork.get("id").asText();
        assertThat(forkId).startsWith("ses_").isNotEqualTo(parent);
        assertThat(fork.get("agent").asText()).isEqualTo("helper");
        assertThat(fork.get("agent_version").asInt())
                .isEqualTo(api.get("/v1/sessions/" + parent).json().get("agent_version").asInt());
        assertThat(fork.get("user_id").asText()).isEqualTo("ada");
        assertThat(fork.get("metadata").get("ticket").asInt()).isEqualTo(42);
        assertThat(fork.get("forked_from").get("session_id").asText()).isEqualTo(parent);
        assertThat(fork.get("forked_from").get("at_seq").asLong()).isEqualTo(afterFirst);
        assertThat(lastSeq(forkId)).isEqualTo(afterFirst + 1);
        assertThat(contents(forkId)).containsExactly("first", "echo: first");
        JsonNode forkRuns = api.get("/v1/sessions/" + forkId).json().get("runs");
        assertThat(forkRuns).hasSize(1);
        assertThat(forkRuns.get(0).get("state").asText()).isEqualTo("completed");

        assertThat(ask(forkId, "in the fork").get("output").asText()).isEqualTo("echo: in the fork");
        ask(parent, "in the parent");

        assertThat(contents(forkId)).containsExactly("first", "echo: first", "in the fork", "echo: in the fork");
        assertThat(contents(parent)).containsExactly("first", "echo: first", "second", "echo: second",
                "in the parent", "echo: in the parent");
        JsonNode events = api.get("/v1/sessions/" + forkId + "/events").expect(200).json().get("events");
        assertThat(events.get((int) afterFirst).get("type").asText()).isEqualTo("session.forked");
        assertThat(events.get((int) afterFirst).get("from_session").asText()).isEqualTo(parent);
        assertThat(events.findValuesAsText("seq")).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, lastSeq(forkId)).mapToObj(Long::toString).toList());
    }

    @Test
    void aForkOfAForkCarriesBothHistories() {
        String root = newSession();
        ask(root, "one");
        String child = fork(root, lastSeq(root)).get("id").asText();
        ask(child, "two");

        String grandchild = fork(child, lastSeq(child)).get("id").asText();
        ask(grandchild, "three");
        ask(child, "only in the child");

        assertThat(contents(grandchild)).containsExactly("one", "echo: one", "two", "echo: two", "three", "echo: three");
        assertThat(contents(child)).containsExactly("one", "echo: one", "two", "echo: two",
                "only in the child", "echo: only in the child");
        assertThat(contents(root)).containsExactly("one", "echo: one");
    }

    @Test
    void aBadForkPointIsA400AndNothingIsStored() {
        String parent = newSession();
        JsonNode run = ask(parent, "hello").get("run");
        long last = lastSeq(parent);
        int sessionsBefore = api.get("/v1/sessions?limit=1000").json().get("sessions").size();

        assertThat(api.post("/v1/sessions/" + parent + "/fork", "{\"at_seq\": 0}").error(400, "invalid_request"))
                .contains("between 1 and " + last);
        assertThat(api.post("/v1/sessions/" + parent + "/fork", "{\"at_seq\": " + (last + 1) + "}")
                .error(400, "invalid_request")).contains("between 1 and " + last);
        String inside = api.post("/v1/sessions/" + parent + "/fork", "{\"at_seq\": " + (last - 1) + "}")
                .error(400, "invalid_request");
        assertThat(inside).contains(run.get("id").asText()).contains("at seq 1").contains("at seq " + last);
        assertThat(api.post("/v1/sessions/" + parent + "/fork", "{}").error(400, "invalid_request")).contains("at_seq");
        assertThat(api.post("/v1/sessions/" + parent + "/fork", "{\"at_seq\": \"3\"}").error(400, "invalid_request"))
                .contains("whole number");
        assertThat(api.post("/v1/sessions/" + parent + "/fork", "{\"at_seq\": 1, \"x\": 1}").error(400, "invalid_request"))
                .contains("'x'");

        assertThat(api.get("/v1/sessions?limit=1000").json().get("sessions")).hasSize(sessionsBefore);
        assertThat(lastSeq(parent)).isEqualTo(last);
    }

    @Test
    void anUnknownSessionOrAnotherTenantsIsA404AndNothingIsStored() {
        String parent = newSession();
        HttpApi other = api.as(fixture.otherTenantKey());

        other.post("/v1/sessions/" + parent + "/fork", "{\"at_seq\": 1}").error(404, "not_found");
        api.post("/v1/sessions/ses_nobody/fork", "{\"at_seq\": 1}").error(404, "not_found");

        assertThat(other.get("/v1/sessions").expect(200).json().get("sessions")).isEmpty();
        assertThat(lastSeq(parent)).isEqualTo(1);
    }
}
