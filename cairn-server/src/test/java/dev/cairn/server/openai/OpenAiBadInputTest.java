package dev.cairn.server.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.auth.ApiKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get a 4xx in OpenAI's error shape naming the problem, and change nothing stored. */
class OpenAiBadInputTest {

    @TempDir
    Path folder;

    private OpenAiFixture fixture;
    private RawApi api;

    @BeforeEach
    void start() {
        fixture = OpenAiFixture.start(folder);
        api = new RawApi(fixture.baseUrl(), fixture.key);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private int sessions() {
        return fixture.store.sessions().list(ApiKeys.DEFAULT_TENANT, null, 1000).size();
    }

    private int agents() {
        return fixture.store.agents().list(ApiKeys.DEFAULT_TENANT).size();
    }

    @Test
    void badResponseRequestsAreRefusedAndStoreNothing() {
        String first = RawApi.json(api.post("/responses", "{\"model\": \"scripted\", \"input\": \"hi\"}")).get("id").asText();
        int sessions = sessions();
        int agents = agents();
        long events = fixture.store.events().lastSeq(fixture.runtime.run(ApiKeys.DEFAULT_TENANT,
                "run_" + first.substring(5)).sessionId());

        assertThat(RawApi.error(api.post("/responses", "{\"model\": \"scripted\", \"input\": "), 400)
                .get("message").asText()).contains("parse the JSON");
        assertThat(RawApi.error(api.post("/responses", "[1, 2]"), 400).get("message").asText()).contains("JSON object");
        JsonNode unknownModel = RawApi.error(api.post("/responses", "{\"model\": \"gpt-9\", \"input\": \"hi\"}"), 404);
        assertThat(unknownModel.get("code").asText()).isEqualTo("model_not_found");
        assertThat(unknownModel.get("param").asText()).isEqualTo("model");
        JsonNode unknownPrevious = RawApi.error(api.post("/responses",
                "{\"model\": \"scripted\", \"input\": \"hi\", \"previous_response_id\": \"resp_nothere\"}"), 404);
        assertThat(unknownPrevious.get("param").asText()).isEqualTo("previous_response_id");
        RawApi.error(api.post("/responses",
                "{\"model\": \"scripted\", \"input\": \"hi\", \"previous_response_id\": \"not-an-id\"}"), 404);
        assertThat(RawApi.error(api.post("/responses", "{\"model\": \"scripted\", \"input\": \"hi\", "
                + "\"conversation\": \"conv_nothere\"}"), 404).get("param").asText()).isEqualTo("conversation");
        assertThat(RawApi.error(api.post("/responses", "{\"model\": \"scripted\", \"input\": \"hi\", \"tools\": "
                + "[{\"type\": \"web_search\"}]}"), 400).get("message").asText()).contains("built-in tools are not supported");
        assertThat(RawApi.error(api.post("/responses", "{\"model\": \"scripted\", \"input\": \"hi\", \"background\": true}"),
                400).get("param").asText()).isEqualTo("background");
        assertThat(RawApi.error(api.post("/responses", "{\"model\": \"scripted\", \"input\": \"hi\", \"temperature\": 0.2}"),
                400).get("param").asText()).isEqualTo("temperature");
        assertThat(RawApi.error(api.post("/responses", "{\"model\": \"scripted\", \"input\": \"hi\", \"nonsense\": 1}"),
                400).get("message").asText()).contains("nonsense");
        RawApi.error(api.post("/responses", "{\"model\": \"scripted\"}"), 400);
        assertThat(RawApi.error(api.post("/responses", "{\"model\": \"scripted\", \"instructions\": \"New.\", "
                + "\"input\": \"  \"}"), 400).get("param").asText()).isEqualTo("input");
        assertThat(RawApi.error(api.post("/responses", "{\"model\": \"scripted\", \"input\": \"hi\", \"tools\": "
                + "[{\"type\": \"function\", \"name\": \"bad name!\"}]}"), 400).get("message").asText()).contains("bad name!");
        RawApi.error(api.post("/responses", "{\"input\": \"hi\"}"), 400);
        RawApi.error(api.post("/responses", "{\"model\": \"scripted\", \"input\": [{\"role\": \"assistant\", "
                + "\"content\": \"I said\"}]}"), 400);
        RawApi.error(api.post("/responses", "{\"model\": \"scripted\", \"input\": \"hi\", \"previous_response_id\": \""
                + first + "\", \"conversation\": \"conv_x\"}"), 400);
        assertThat(RawApi.error(api.post("/responses", "{\"model\": \"scripted\", \"previous_response_id\": \"" + first
                + "\", \"input\": [{\"type\": \"function_call_output\", \"call_id\": \"call_1\", \"output\": \"x\"}]}"), 400)
                .get("message").asText()).contains("waits for no function output");

        assertThat(sessions()).isEqualTo(sessions);
        assertThat(agents()).isEqualTo(agents);
        assertThat(fixture.store.events().lastSeq(fixture.runtime.run(ApiKeys.DEFAULT_TENANT,
                "run_" + first.substring(5)).sessionId())).isEqualTo(events);
    }

    @Test
    void unknownPathsKeysAndConversationsAnswerInOpenAisShape() {
        RawApi.error(api.get("/models/nothing"), 404);
        RawApi.error(api.get("/responses/resp_nothere"), 404);
        RawApi.error(api.get("/conversations/conv_nothere"), 404);
        RawApi.error(api.get("/conversations/conv_nothere/items"), 404);
        RawApi.error(api.send(api.request("/responses").DELETE()), 405);
        JsonNode unauthorized = RawApi.error(new RawApi(fixture.baseUrl(), "wrong-key").get("/responses/resp_x"), 401);
        assertThat(unauthorized.get("type").asText()).isEqualTo("invalid_request_error");
        RawApi.error(new RawApi(fixture.baseUrl(), null).get("/responses/resp_x"), 401);
        String conversation = RawApi.json(api.post("/conversations", "{}")).get("id").asText();
        int sessions = sessions();
        RawApi.error(api.post("/conversations/" + conversation + "/items", "{\"items\": [{\"type\": \"web_search_call\"}]}"),
                400);
        RawApi.error(api.post("/conversations/" + conversation + "/items", "{\"items\": []}"), 400);
        RawApi.error(api.get("/conversations/" + conversation + "/items?limit=1000"), 400);
        RawApi.error(api.post("/conversations", "{\"metadata\": {\"model\": \"gpt-9\"}}"), 404);
        RawApi.error(api.post("/conversations", "{\"metadata\": {\"n\": 5}}"), 400);
        RawApi.error(api.post("/conversations", "{\"metadata\": {\"openai\": \"responses\"}}"), 400);
        assertThat(sessions()).isEqualTo(sessions);
        assertThat(RawApi.json(api.get("/conversations/" + conversation + "/items")).get("data")).isEmpty();
    }

    @Test
    void chatCompletionsAreRefusedWhilePassThroughIsOff() {
        JsonNode refused = RawApi.error(api.post("/chat/completions", "{\"model\": \"scripted\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"hi\"}]}"), 403);
        assertThat(refused.get("type").asText()).isEqualTo("permission_error");
        assertThat(refused.get("message").asText()).contains("stateless pass-through").contains("model policy");
        assertThat(fixture.admitted).isEmpty();
    }
}
