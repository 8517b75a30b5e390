package dev.cairn.server.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.conversations.ConversationCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.cairn.core.json.Json;
import dev.cairn.testing.wire.Cassette;
import dev.cairn.testing.wire.Fixtures;
import dev.cairn.testing.wire.Interaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request sequences of the recorded conversation traffic, sent to Cairn with the official SDK
 * as recorded (the same bodies: conversation made without a model, then responses carrying
 * {@code conversation}, instructions and tools on every request, function outputs included), with
 * the recorded ids swapped for Cairn's. Where the recorded model called a function, the message
 * asks the scripted model to call the same one. Each response must have the recorded status and
 * kinds of output items.
 */
class OpenAiRecordedConversationTest {

    @TempDir
    Path folder;

    private OpenAiFixture fixture;
    private OpenAIClient client;

    @BeforeEach
    void start() {
        fixture = OpenAiFixture.start(folder);
        client = OpenAIOkHttpClient.builder().apiKey(fixture.key).baseUrl(fixture.baseUrl()).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    static Stream<Path> cassettes() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(Fixtures.providerWire().resolve("openai-responses"))) {
            files = listed.filter(file -> file.getFileName().toString().startsWith("test_openai_conversation_id_"))
                    .sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("cassettes")
    void theRecordedRequestSequenceWorksEndToEnd(Path file) {
        Map<String, String> ids = new HashMap<>();
        List<Response> answered = new ArrayList<>();
        for (Interaction interaction : Cassette.load(file).interactions()) {
            String method = interaction.request().method();
            String path = interaction.request().path();
            if (method.equals("POST") && path.endsWith("/conversations")) {
                String recorded = recordedBody(interaction).path("id").asText();
                ids.put(recorded, client.conversations().create(ConversationCreateParams.builder().build()).id());
            } else if (method.equals("POST") && path.endsWith("/responses")) {
                JsonNode recorded = recordedBody(interaction);
                Response response = send(rewrite((ObjectNode) interaction.request().jsonBody().orElseThrow(), recorded, ids));
                answered.add(response);
                assertThat(response.status().orElseThrow().asString()).isEqualTo(recorded.path("status").asText());
                assertThat(kinds(response)).isEqualTo(recordedKinds(recorded));
                if (recorded.hasNonNull("conversation")) {
                    assertThat(response.conversation().orElseThrow().id())
                            .isEqualTo(ids.get(recorded.path("conversation").path("id").asText()));
                }
                recorded.path("output").forEach(item -> {
                    if (item.path("type").asText().equals("function_call")) {
                        ids.put(item.path("call_id").asText(), response.output().stream()
                                .flatMap(out -> out.functionCall().stream()).findFirst().orElseThrow().callId());
                    }
                });
            } else if (method.equals("DELETE")) {
                // deleting conversations is not served (decision 016): the conversation stays readable
                String id = ids.get(path.substring(path.lastIndexOf('/') + 1));
                assertThatThrownBy(() -> client.conversations().delete(id))
                        .isInstanceOfSatisfying(OpenAIServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(405));
                assertThat(client.conversations().retrieve(id).id()).isEqualTo(id);
            } else {
                throw new AssertionError("unexpected recorded request " + method + " " + path);
            }
        }
        assertThat(answered).isNotEmpty();
    }

    /** The recorded body with Cairn's ids, and a scripted call of the function the recorded model called. */
    private static ObjectNode rewrite(ObjectNode body, JsonNode recordedResponse, Map<String, String> ids) {
        ObjectNode sent = body.deepCopy();
        if (sent.has("conversation")) {
            sent.put("conversation", ids.get(sent.get("conversation").asText()));
        }
        for (JsonNode item : sent.path("input")) {
            if (item.has("call_id")) {
                ((ObjectNode) item).put("call_id", ids.get(item.get("call_id").asText()));
            }
        }
        for (JsonNode out : recordedResponse.path("output")) {
            if (out.path("type").asText().equals("function_call")) {
                ((ObjectNode) sent.path("input").get(0)).put("content", "/call " + out.path("name").asText() + " {}");
            }
        }
        return sent;
    }

    private Response send(ObjectNode body) {
        boolean stream = body.path("stream").asBoolean(false);
        body.remove("stream");
        ResponseCreateParams params;
        try {
            params = ResponseCreateParams.builder()
                    .body(ObjectMappers.jsonMapper().readValue(Json.write(body), ResponseCreateParams.Body.class)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!stream) {
            return client.responses().create(params);
        }
        Response[] completed = new Response[1];
        try (StreamResponse<ResponseStreamEvent> events = client.responses().createStreaming(params)) {
            events.stream().forEach(event -> event.completed().ifPresent(done -> completed[0] = done.response()));
        }
        assertThat(completed[0]).as("a response.completed event").isNotNull();
        return client.responses().retrieve(completed[0].id());
    }

    private static JsonNode recordedBody(Interaction interaction) {
        String text = interaction.response().bodyText();
        if (text.contains("event: response.")) {
            List<JsonNode> events = RawApi.events(text);
            return events.getLast().path("response");
        }
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> kinds(Response response) {
        return response.output().stream().map(OpenAiRecordedConversationTest::kind).toList();
    }

    private static String kind(ResponseOutputItem item) {
        return item.isFunctionCall() ? "function_call" : item.isMessage() ? "message" : item.toString();
    }

    private static List<String> recordedKinds(JsonNode recorded) {
        List<String> kinds = new ArrayList<>();
        recorded.path("output").forEach(item -> kinds.add(item.path("type").asText()));
        return kinds;
    }
}
