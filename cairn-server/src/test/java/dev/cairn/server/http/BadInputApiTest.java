package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad request gets a JSON error naming the problem, and nothing stored changes: the
 * session's log and the agent's versions are compared before and after each test.
 */
class BadInputApiTest extends ApiServerTest {

    static String session;

    private long eventsBefore;
    private String agentBefore;

    @BeforeAll
    static void prepare() {
        session = fixture.newSession();
    }

    @BeforeEach
    void remember() {
        eventsBefore = fixture.eventCount(session);
        agentBefore = api.get("/v1/agents/helper/versions").expect(200).body();
    }

    @AfterEach
    void nothingStoredChanged() {
        assertThat(fixture.eventCount(session)).isEqualTo(eventsBefore);
        assertThat(api.get("/v1/agents/helper/versions").body()).isEqualTo(agentBefore);
        assertThat(api.get("/v1/sessions").json().get("sessions")).hasSize(1);
    }

    private static String messages() {
        return "/v1/sessions/" + session + "/messages";
    }

    @Test
    void malformedJsonNamesTheParsersPosition() {
        String message = api.post(messages(), "{\"content\": \"hi\",\n \"wait\": }").error(400, "malformed_body");
        assertThat(message).contains("not valid JSON", "line 2, column");
        assertThat(api.post(messages(), "{\"content\": \"hi\"} trailing").error(400, "malformed_body")).contains("line 1");
        api.post("/v1/agents", "{\"name\": ").error(400, "malformed_body");
        assertThat(api.post(messages(), "{\"content\": \"a\", \"content\": \"b\"}").error(400, "malformed_body"))
                .contains("content");
        byte[] twice = "name: helper\nname: other\n".getBytes(StandardCharsets.UTF_8);
        api.post("/v1/agents", "application/yaml", twice).error(400, "malformed_body");
    }

    @Test
    void malformedYamlNamesTheParsersPosition() {
        byte[] yaml = "name: helper\nroute: [scripted\ninstructions: x\n".getBytes(StandardCharsets.UTF_8);
        String message = api.post("/v1/agents", "application/yaml", yaml).error(400, "malformed_body");
        assertThat(message).contains("not valid YAML", "line");
        api.post("/v1/agents", "text/yaml", "- just\n- a list\n".getBytes(StandardCharsets.UTF_8)).error(400, "invalid_request");
        api.post("/v1/agents", "text/yaml", new byte[0]).error(400, "invalid_request");
    }

    @Test
    void wrongTypesNameTheFieldAndTheExpectedType() {
        assertThat(api.post(messages(), "{\"content\": 5}").error(400, "invalid_request"))
                .contains("'content'", "a string", "a number");
        assertThat(api.post(messages(), "{\"content\": \"hi\", \"wait\": \"yes\"}").error(400, "invalid_request"))
                .contains("'wait'", "boolean");
        assertThat(api.post(messages(), "{\"content\": \"hi\", \"on_busy\": \"panic\"}").error(400, "invalid_request"))
                .contains("on_busy", "panic");
        assertThat(api.post("/v1/sessions", "{\"agent\": \"helper\", \"metadata\": \"tags\"}").error(400, "invalid_request"))
                .contains("'metadata'", "an object");
        assertThat(api.put("/v1/sessions/" + session + "/memory/blocks/notes", "{\"value\": [1]}").error(400, "invalid_request"))
                .contains("'value'", "a string", "an array");
        assertThat(api.post(messages(), "[\"hi\"]").error(400, "invalid_request")).contains("JSON object");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThat(api.post(messages(), "{}").error(400, "invalid_request")).contains("'content' is required");
        assertThat(api.post(messages(), "").error(400, "invalid_request")).contains("'content' is required");
        assertThat(api.post(messages(), "{\"content\": \"   \"}").error(400, "invalid_request")).contains("content");
        assertThat(api.post("/v1/sessions", "{\"user_id\": \"u\"}").error(400, "invalid_request")).contains("'agent'");
        assertThat(api.put("/v1/sessions/" + session + "/memory/blocks/notes", "{}").error(400, "invalid_request"))
                .contains("'value'");
    }

    @Test
    void unknownFieldsAreRejectedByName() {
        assertThat(api.post(messages(), "{\"content\": \"hi\", \"stream\": true}").error(400, "invalid_request"))
                .contains("unknown field 'stream'", "content", "wait", "on_busy");
        assertThat(api.post("/v1/sessions", "{\"agent\": \"helper\", \"agnet\": \"x\"}").error(400, "invalid_request"))
                .contains("'agnet'");
    }

    @Test
    void bodiesOverOneMebibyteAreTooLarge() {
        byte[] huge = new byte[1024 * 1024 + 1];
        Arrays.fill(huge, (byte) 'a');
        byte[] json = ("{\"content\": \"" + new String(huge, StandardCharsets.US_ASCII) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(api.post(messages(), "application/json", json).error(413, "payload_too_large")).contains("1 MiB");
        api.post("/v1/agents", "application/yaml", json).error(413, "payload_too_large");
        // Without a Content-Length (chunked), the limit holds while reading.
        HttpRequest.Builder chunked = api.request(messages()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json)));
        api.send(chunked).error(413, "payload_too_large");
        // The connection stays usable afterwards.
        api.get("/v1/sessions/" + session).expect(200);
    }

    @Test
    void unknownIdsAreNotFound() {
        api.get("/v1/sessions/ses_nope").error(404, "not_found");
        api.post("/v1/sessions/ses_nope/messages", "{\"content\": \"hi\"}").error(404, "not_found");
        api.get("/v1/sessions/ses_nope/events").error(404, "not_found");
        api.put("/v1/sessions/ses_nope/memory/blocks/notes", "{\"value\": \"x\"}").error(404, "not_found");
        api.get("/v1/runs/run_nope").error(404, "not_found");
        api.post("/v1/runs/run_nope/cancel", "").error(404, "not_found");
        api.get("/v1/runs?session_id=ses_nope").error(404, "not_found");
        assertThat(api.post("/v1/sessions", "{\"agent\": \"nobody\"}").error(404, "not_found")).contains("nobody");
    }

    @Test
    void unsupportedMediaTypesNameTheSupportedOnes() {
        byte[] body = "{\"content\": \"hi\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(api.post(messages(), "text/plain", body).error(415, "unsupported_media_type")).contains("application/json");
        assertThat(api.post(messages(), "application/json; charset=iso-8859-1", body).error(415, "unsupported_media_type"))
                .contains("UTF-8");
        assertThat(api.post("/v1/agents", "application/xml", body).error(415, "unsupported_media_type"))
                .contains("application/json", "application/yaml", "application/x-yaml", "text/yaml");
        api.post(messages(), "application/yaml", body).error(415, "unsupported_media_type");
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] body = "{\"content\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(api.post(messages(), "application/json", body).error(400, "malformed_body")).contains("UTF-8", "byte offset 16");
        byte[] yaml = "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        api.post("/v1/agents", "application/yaml", yaml).error(400, "malformed_body");
    }

    @Test
    void unknownRoutesAndWrongMethodsAreJsonErrors() {
        assertThat(api.get("/v1/nothing-here").error(404, "not_found")).contains("/v1/nothing-here");
        api.get("/").error(404, "not_found");
        HttpApi.Reply wrongMethod = api.method("DELETE", "/v1/agents");
        assertThat(wrongMethod.error(405, "method_not_allowed")).contains("DELETE", "GET", "POST");
        assertThat(wrongMethod.response().headers().firstValue("Allow")).hasValue("POST, GET");
        api.method("PATCH", "/v1/sessions/" + session).error(405, "method_not_allowed");
        api.method("GET", "/v1/runs/run_x/cancel").error(405, "method_not_allowed");
        api.method("POST", "/v1/sessions/" + session + "/events").error(405, "method_not_allowed");
    }

    @Test
    void badQueryParametersNameTheParameter() {
        assertThat(api.get("/v1/sessions/" + session + "/events?after=abc").error(400, "invalid_request")).contains("'after'");
        assertThat(api.get("/v1/sessions/" + session + "/events?limit=0").error(400, "invalid_request")).contains("'limit'");
        assertThat(api.get("/v1/runs?state=sleeping").error(400, "invalid_request")).contains("'state'", "sleeping");
        api.get("/v1/sessions/" + session + "/events?after=-1").error(400, "invalid_request");
    }

    @Test
    void badRequestsLeaveAgentsAsTheyWere() {
        JsonNode invalid = api.post("/v1/agents", "{\"name\": \"helper\", \"route\": \"nowhere\"}").expect(422).json();
        assertThat(invalid.get("error").get("problems").toString()).contains("nowhere");
        api.post("/v1/agents", "{\"name\": \"helper\", \"tools\": [{\"builtin\": \"memory\", \"policy\": \"maybe\"}]}")
                .error(422, "validation_failed");
    }
}
