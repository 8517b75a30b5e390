package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.event.LargeOutputs;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A 100 KiB tool output: stored once by hash, shown to the model and the API in short, read on with read_output. */
class LargeOutputApiTest extends ApiServerTest {

    private static final String REPORTER = """
            {"name": "reporter", "route": "scripted", "tools": [{"builtin": "report"}]}
            """;

    @BeforeAll
    static void prepare() {
        api.post("/v1/agents", REPORTER).expect(201);
    }

    private static String newSession() {
        return api.post("/v1/sessions", "{\"agent\": \"reporter\"}").expect(201).json().get("id").asText();
    }

    private static JsonNode ask(String session, String content) {
        JsonNode body = dev.cairn.core.json.Json.object().put("content", content).put("wait", true);
        return api.post("/v1/sessions/" + session + "/messages", body.toString()).expect(200).json();
    }

    private static List<JsonNode> toolResults(String session, String tool) {
        List<JsonNode> results = new ArrayList<>();
        api.get("/v1/sessions/" + session + "/events?limit=1000").expect(200).json().get("events").forEach(event -> {
            if (event.get("type").asText().equals("tool.completed") && event.get("tool").asText().equals(tool)) {
                results.add(event);
            }
        });
        return results;
    }

    @Test
    void aLargeOutputIsKeptShortInTheLogAndTheModelReadsTheRestWithReadOutput() {
        String session = newSession();
        String hash = LargeOutputs.sha256(ApiFixture.REPORT_TEXT.getBytes(StandardCharsets.UTF_8));

        JsonNode first = ask(session, "/call report {}");

        String seen = first.get("output").asText();
        assertThat(seen).startsWith("report -> " + ApiFixture.REPORT_TEXT.substring(0, 4096))
                .contains("[output truncated: showing the first 4096 of 102400 bytes")
                .contains("read_output").contains(hash);
        assertThat(seen.length()).isLessThan(5_000);
        JsonNode completed = toolResults(session, "report").getFirst();
        assertThat(completed.get("output_ref").asText()).isEqualTo(hash);
        assertThat(completed.get("output_bytes").asLong()).isEqualTo(100 * 1024);
        String page = api.get("/v1/sessions/" + session + "/events").expect(200).body();
        assertThat(page.length()).isLessThan(16 * 1024);

        StringBuilder calls = new StringBuilder();
        for (int offset = 4096; offset < 100 * 1024; offset += 12 * 1024) {
            calls.append("/call read_output {\"ref\": \"").append(hash).append("\", \"offset\": ").append(offset)
                    .append(", \"length\": 12288}\n");
        }
        ask(session, calls.toString());

        StringBuilder rest = new StringBuilder();
        for (JsonNode read : toolResults(session, "read_output")) {
            String output = read.get("output").asText();
            assertThat(read.has("output_ref")).isFalse();
            rest.append(output, 0, output.lastIndexOf("\n\n[bytes "));
        }
        assertThat(rest.toString()).isEqualTo(ApiFixture.REPORT_TEXT.substring(4096));
    }

    @Test
    void theSameOutputTwiceIsOneBlobAndTheBlobIsReadOnlyByItsTenant() throws SQLException {
        String session = newSession();
        String other = newSession();
        ask(session, "/call report {}");
        ask(other, "/call report {}");
        ask(session, "/call report {}");
        String hash = LargeOutputs.sha256(ApiFixture.REPORT_TEXT.getBytes(StandardCharsets.UTF_8));

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("cairn.db"));
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT count(*), sum(length(content)) FROM blobs WHERE sha256 = '" + hash + "'")) {
            row.next();
            assertThat(row.getLong(1)).isEqualTo(1);
            assertThat(row.getLong(2)).isEqualTo(100 * 1024);
        }

        HttpApi.Reply blob = api.get("/v1/blobs/" + hash).expect(200);
        assertThat(blob.body()).isEqualTo(ApiFixture.REPORT_TEXT);
        assertThat(blob.response().headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain"));
        api.as(fixture.otherTenantKey()).get("/v1/blobs/" + hash).error(404, "not_found");
        api.get("/v1/blobs/" + "0".repeat(64)).error(404, "not_found");
        api.get("/v1/blobs/not-a-hash").error(400, "invalid_request");
        api.as(null).get("/v1/blobs/" + hash).error(401, "unauthorized");
    }

    @Test
    void readOutputCannotReachAnotherTenantsOutput() {
        String session = newSession();
        ask(session, "/call report {}");
        String hash = LargeOutputs.sha256(ApiFixture.REPORT_TEXT.getBytes(StandardCharsets.UTF_8));
        HttpApi other = api.as(fixture.otherTenantKey());
        other.post("/v1/agents", REPORTER).expect(201);
        String theirs = other.post("/v1/sessions", "{\"agent\": \"reporter\"}").expect(201).json().get("id").asText();

        JsonNode answer = other.post("/v1/sessions/" + theirs + "/messages", dev.cairn.core.json.Json.object()
                .put("content", "/call read_output {\"ref\": \"" + hash + "\"}").put("wait", true).toString())
                .expect(200).json();

        assertThat(answer.get("output").asText()).isEqualTo("read_output -> there is no output with ref " + hash);
    }
}
