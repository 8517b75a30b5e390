package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.server.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/sessions/{id}/export} and {@code POST /v1/sessions/import}: a session out as JSON Lines and back in. */
class ExportImportApiTest extends ApiServerTest {

    private static final String AGENT = """
            {"name": "keeper", "route": "scripted", "memory": {"blocks": {"notes": ""}},
             "tools": [{"builtin": "memory"}, {"builtin": "report"}]}
            """;

    @BeforeAll
    static void prepare() {
        api.post("/v1/agents", AGENT).expect(201);
    }

    /** A session with a memory write, a large output and two finished runs. */
    private static String busySession() {
        String session = api.post("/v1/sessions", "{\"agent\": \"keeper\", \"user_id\": \"ada\", \"metadata\": {\"k\": 1}}")
                .expect(201).json().get("id").asText();
        ask(session, "/call memory {\"operation\":\"append\",\"label\":\"notes\",\"text\":\"likes tea\"}");
        ask(session, "/call report {}");
        return session;
    }

    private static void ask(String session, String content) {
        api.post("/v1/sessions/" + session + "/messages", Json.object().put("content", content).put("wait", true).toString())
                .expect(200);
    }

    private static HttpApi.Reply importing(HttpApi as, String body) {
        return as.post("/v1/sessions/import", "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> lines(String body) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(ApiFixture.parse(line));
        }
        return lines;
    }

    private static String joined(List<JsonNode> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(Json.write(line)).append('\n'));
        return text.toString();
    }

    private static int sessionCount() {
        return api.get("/v1/sessions?limit=1000").expect(200).json().get("sessions").size();
    }

    @Test
    void anExportHasTheSessionEveryEventAndItsBlobs() {
        String session = busySession();

        HttpApi.Reply export = api.get("/v1/sessions/" + session + "/export").expect(200);

        assertThat(export.response().headers().firstValue("Content-Type")).contains(TransferEndpoints.JSON_LINES);
        List<JsonNode> lines = lines(export.body());
        JsonNode head = lines.getFirst();
        assertThat(head.get("kind").asText()).isEqualTo("session");
        assertThat(head.get("id").asText()).isEqualTo(session);
        assertThat(head.get("agent").asText()).isEqualTo("keeper");
        long lastSeq = api.get("/v1/sessions/" + session).json().get("last_seq").asLong();
        assertThat(lines.stream().filter(line -> line.get("kind").asText().equals("event")))
                .extracting(line -> line.get("seq").asLong())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, lastSeq).boxed().toList());
        assertThat(lines.getLast().get("kind").asText()).isEqualTo("blob");
        assertThat(lines.getLast().get("bytes").asLong()).isEqualTo(100 * 1024);
    }

    @Test
    void anImportedCopyHasTheSameStateUnderANewIdAndNewRunIds() {
        String session = busySession();
        JsonNode original = api.get("/v1/sessions/" + session).json();
        String export = api.get("/v1/sessions/" + session + "/export").expect(200).body();

        JsonNode imported = importing(api, export).expect(201).json();

        String copy = imported.get("id").asText();
        assertThat(copy).isNotEqualTo(session);
        assertThat(imported.get("user_id").asText()).isEqualTo("ada");
        assertThat(imported.get("metadata")).isEqualTo(original.get("metadata"));
        JsonNode state = api.get("/v1/sessions/" + copy).expect(200).json();
        assertThat(state.get("messages")).isEqualTo(renamedRuns(original.get("messages"), state.get("messages")));
        assertThat(state.get("memory_blocks")).isEqualTo(original.get("memory_blocks"));
        assertThat(state.get("runs").findValuesAsText("state")).isEqualTo(original.get("runs").findValuesAsText("state"));
        assertThat(state.get("runs").findValuesAsText("id")).doesNotContainAnyElementsOf(original.get("runs").findValuesAsText("id"));
        assertThat(state.get("last_seq").asLong()).isEqualTo(original.get("last_seq").asLong() + 1);
        JsonNode events = api.get("/v1/sessions/" + copy + "/events?limit=1000").json().get("events");
        JsonNode marker = events.get(events.size() - 1);
        assertThat(marker.get("type").asText()).isEqualTo("session.imported");
        assertThat(marker.get("from_session").asText()).isEqualTo(session);
        ask(copy, "still works");
        assertThat(api.get("/v1/sessions/" + copy).json().get("messages").findValuesAsText("content")).contains("echo: still works");
    }

    /** The original's messages with the copy's run ids: everything else must be equal. */
    private static JsonNode renamedRuns(JsonNode original, JsonNode copy) {
        JsonNode expected = original.deepCopy();
        for (int i = 0; i < expected.size() && i < copy.size(); i++) {
            ((ObjectNode) expected.get(i)).set("run_id", copy.get(i).get("run_id"));
        }
        return expected;
    }

    @Test
    void aGzipExportImportsToo() throws IOException {
        String session = busySession();
        byte[] export = api.get("/v1/sessions/" + session + "/export").expect(200).body().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(export);
        }

        String copy = api.post("/v1/sessions/import", "application/gzip", zipped.toByteArray()).expect(201).json()
                .get("id").asText();

        assertThat(api.get("/v1/sessions/" + copy).json().get("memory_blocks").get("notes").asText()).isEqualTo("likes tea");
    }

    @Test
    void aBadFileIsA400NamingItsLineAndStoresNothing() {
        String session = busySession();
        List<JsonNode> good = lines(api.get("/v1/sessions/" + session + "/export").expect(200).body());
        int before = sessionCount();

        List<JsonNode> gap = new ArrayList<>(good);
        gap.remove(3);
        assertThat(importing(api, joined(gap)).error(400, "invalid_request")).startsWith("line 4:").contains("out of order");

        String broken = joined(good).replaceFirst("\n\\{", "\n{oops");
        assertThat(importing(api, broken).error(400, "invalid_request")).startsWith("line 2:");

        List<JsonNode> unknownType = new ArrayList<>(good);
        ObjectNode renamed = good.get(2).deepCopy();
        renamed.put("type", "java.lang.ProcessBuilder");
        unknownType.set(2, renamed);
        assertThat(importing(api, joined(unknownType)).error(400, "invalid_request")).startsWith("line 3:");

        List<JsonNode> forged = new ArrayList<>(good);
        ObjectNode blob = good.getLast().deepCopy();
        blob.put("content_base64", java.util.Base64.getEncoder().encodeToString("forged".getBytes(StandardCharsets.UTF_8)));
        blob.put("bytes", 6);
        forged.set(forged.size() - 1, blob);
        assertThat(importing(api, joined(forged)).error(400, "invalid_request")).startsWith("line " + good.size() + ":");

        List<JsonNode> withoutBlob = new ArrayList<>(good.subList(0, good.size() - 1));
        assertThat(importing(api, joined(withoutBlob)).error(400, "invalid_request")).contains("does not hold");

        int runEnd = lastIndexOfType(good, "run.completed");
        List<JsonNode> open = new ArrayList<>(good.subList(0, runEnd));
        assertThat(importing(api, joined(open)).error(400, "invalid_request")).contains("only a session whose runs have all ended");

        assertThat(importing(api, "").error(400, "invalid_request")).contains("empty");
        api.post("/v1/sessions/import", "text/plain", joined(good).getBytes(StandardCharsets.UTF_8))
                .error(415, "unsupported_media_type");
        assertThat(sessionCount()).isEqualTo(before);
    }

    private static int lastIndexOfType(List<JsonNode> lines, String type) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (type.equals(lines.get(i).path("type").asText())) {
                return i;
            }
        }
        throw new AssertionError("no " + type);
    }

    @Test
    void theCliExportsToAGzipFileAndImportsItBack() {
        String session = busySession();
        Path file = folder.resolve("copy.jsonl.gz");
        String[] server = {"--url", api.base(), "--key", fixture.adminKey};
        int before = sessionCount();

        int exported = Commands.commandLine().execute(concat(new String[] {"export", session, "-o", file.toString()}, server));
        int imported = Commands.commandLine().execute(concat(new String[] {"import", file.toString()}, server));

        assertThat(exported).isZero();
        assertThat(imported).isZero();
        assertThat(sessionCount()).isEqualTo(before + 1);
        JsonNode newest = api.get("/v1/sessions?limit=1").json().get("sessions").get(0);
        assertThat(api.get("/v1/sessions/" + newest.get("id").asText()).json().get("memory_blocks").get("notes").asText())
                .isEqualTo("likes tea");
        assertThat(Commands.commandLine().execute(concat(new String[] {"export", "ses_nobody", "-o",
                folder.resolve("none.jsonl").toString()}, server))).isNotZero();
        assertThat(folder.resolve("none.jsonl")).doesNotExist();
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @Test
    void anotherTenantCannotExportAndImportsOnlyWithTheAgentInItsOwnTenant() {
        String session = busySession();
        String export = api.get("/v1/sessions/" + session + "/export").expect(200).body();
        HttpApi other = api.as(fixture.otherTenantKey());

        other.get("/v1/sessions/" + session + "/export").error(404, "not_found");
        api.get("/v1/sessions/ses_nobody/export").error(404, "not_found");
        assertThat(importing(other, export).error(400, "invalid_request")).startsWith("line 1:").contains("keeper");
        other.post("/v1/agents", AGENT).expect(201);

        String theirs = importing(other, export).expect(201).json().get("id").asText();

        assertThat(other.get("/v1/sessions/" + theirs).expect(200).json().get("memory_blocks").get("notes").asText())
                .isEqualTo("likes tea");
        api.get("/v1/sessions/" + theirs).error(404, "not_found");
    }
}
