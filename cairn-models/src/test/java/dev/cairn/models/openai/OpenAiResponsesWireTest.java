package dev.cairn.models.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ProviderRejectedException;
import dev.cairn.core.model.RetryableProviderException;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import dev.cairn.testing.model.ChatProviderContract;
import dev.cairn.testing.model.ProviderScenario;
import dev.cairn.testing.model.ProviderScenario.Expected;
import dev.cairn.testing.wire.Cassette;
import dev.cairn.testing.wire.Fixtures;
import dev.cairn.testing.wire.Interaction;
import dev.cairn.testing.wire.ReceivedRequest;
import dev.cairn.testing.wire.RecordedResponse;
import dev.cairn.testing.wire.WireReplayServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAI provider over the Responses API, against recorded OpenAI traffic. */
class OpenAiResponsesWireTest extends ChatProviderContract {

    /**
     * What the recording client sent that Cairn does not: {@code include}, tool choice, strict
     * schemas, background mode, conversation ids; and {@code store}, which only Cairn sends.
     */
    private static final Set<String> NOT_SENT_BY_BOTH = Set.of("include", "tool_choice", "strict", "background",
            "conversation", "previous_response_id", "store", "stream");

    private static final String RESPONSES = "https://api.openai.com/v1/responses";
    private static final Cassette WEATHER = Fixtures.cassette("tool-choice/test_tool_choice_matrix[auto-openai_responses].yaml");
    private static final ToolCall PARIS = new ToolCall("call_E4xGYcmG4CvUzTabsGjXo6ba", "get_weather", "{\"city\":\"Paris\"}");

    private final List<OpenAiProvider> providers = new ArrayList<>();

    @AfterEach
    void closeProviders() {
        providers.forEach(OpenAiProvider::close);
    }

    @Override
    protected ChatProvider provider(String name, URI baseUrl, String apiKey) {
        OpenAiProvider provider = OpenAiProvider.create(
                OpenAiConfig.builder(name).apiKey(apiKey).baseUrl(baseUrl).wireApi(WireApi.RESPONSES).build());
        providers.add(provider);
        return provider;
    }

    @Override
    protected ProviderScenario textAnswer() {
        return new ProviderScenario(Fixtures.cassette("openai-responses/test_openai_conversation_id_auto_without_history.yaml"), "/v1",
                new ChatRequest("gpt-4.1", List.of(new Message.System("Follow the user instructions exactly."),
                        new Message.User("Reply exactly: no conversation")), List.of(), 0),
                Expected.text("no conversation", new Usage(22, 3)));
    }

    @Override
    protected ProviderScenario toolCall() {
        return new ProviderScenario(WEATHER, "/v1",
                new ChatRequest("gpt-5-mini", List.of(new Message.User("What's the weather in Paris?")), SentBodies.tools(WEATHER.request(0)), 0),
                Expected.toolCalls(List.of(PARIS), new Usage(50, 81)));
    }

    @Override
    protected ProviderScenario answerAfterToolResult() {
        return new ProviderScenario(WEATHER.skip(1), "/v1",
                new ChatRequest("gpt-5-mini", List.of(new Message.User("What's the weather in Paris?"),
                        new Message.Assistant("", List.of(PARIS)),
                        new Message.ToolResult(PARIS.id(), PARIS.name(), "Sunny, 22C in Paris", false)),
                        SentBodies.tools(WEATHER.request(1)), 0),
                Expected.text("Currently it's sunny in Paris with a temperature of 22°C.", new Usage(149, 17)));
    }

    /** No recording holds parallel calls: this is the recorded weather answer with a second function call added. */
    @Override
    protected ProviderScenario parallelToolCalls() {
        ObjectNode answer = recordedWeatherAnswer();
        ObjectNode second = ((ObjectNode) answer.get("output").get(1)).deepCopy();
        second.put("call_id", "call_second").put("id", "fc_second").put("arguments", "{\"city\":\"Lyon\"}");
        ((ArrayNode) answer.get("output")).add(second);
        return new ProviderScenario(Cassette.of("written: two weather calls",
                Interaction.written("POST", RESPONSES, RecordedResponse.json(200, Json.write(answer)))), "/v1",
                toolCall().request(),
                Expected.toolCalls(List.of(PARIS, new ToolCall("call_second", "get_weather", "{\"city\":\"Lyon\"}")), new Usage(50, 81)));
    }

    @Override
    protected ProviderScenario streamedText() {
        return new ProviderScenario(Fixtures.cassette("openai-responses/test_openai_instructions_with_responses_logprobs_streaming.yaml"),
                "/v1", new ChatRequest("gpt-4o-mini", List.of(new Message.System("You are a helpful assistant."),
                        new Message.User("What is the capital of Minas Gerais?")), List.of(), 0),
                Expected.text("The capital of Minas Gerais is Belo Horizonte.", new Usage(25, 10)));
    }

    /**
     * No recording streams a function call: these events follow the Responses API's documented
     * sequence for one, around the recorded weather answer.
     */
    @Override
    protected ProviderScenario streamedToolCall() {
        ObjectNode done = recordedWeatherAnswer();
        ((ArrayNode) done.get("output")).remove(0); // keep the function call, drop the reasoning item
        ObjectNode created = done.deepCopy().put("status", "in_progress");
        created.putArray("output");
        created.putNull("usage");
        JsonNode call = done.get("output").get(0);
        ObjectNode started = ((ObjectNode) call.deepCopy()).put("status", "in_progress").put("arguments", "");
        String itemId = call.get("id").asText();
        String events = event("response.created", Json.object().set("response", created))
                + event("response.output_item.added", Json.object().put("output_index", 0).set("item", started))
                + event("response.function_call_arguments.delta", Json.object().put("item_id", itemId).put("output_index", 0)
                        .put("delta", "{\"city\":"))
                + event("response.function_call_arguments.delta", Json.object().put("item_id", itemId).put("output_index", 0)
                        .put("delta", "\"Paris\"}"))
                + event("response.function_call_arguments.done", Json.object().put("item_id", itemId).put("output_index", 0)
                        .put("arguments", "{\"city\":\"Paris\"}"))
                + event("response.output_item.done", Json.object().put("output_index", 0).set("item", call))
                + event("response.completed", Json.object().set("response", done));
        return new ProviderScenario(Cassette.of("written: a streamed function call",
                Interaction.written("POST", RESPONSES, RecordedResponse.eventStream(events))), "/v1", toolCall().request(),
                Expected.toolCalls(List.of(PARIS), new Usage(50, 81)));
    }

    @Override
    protected RecordedResponse errorAnswer(int status, String message) {
        var body = Json.object();
        body.putObject("error").put("message", message).put("type", "invalid_request_error").putNull("param").putNull("code");
        return RecordedResponse.json(status, Json.write(body));
    }

    @Test
    void sendsInstructionsAndInputAsTheRecordedClientDid() {
        ReceivedRequest sent = assertSentAsRecorded(textAnswer(), StreamListener.NONE);

        assertThat(sent.json().path("instructions").asText()).isEqualTo("Follow the user instructions exactly.");
        assertThat(sent.json().path("store").asBoolean(true)).isFalse();
    }

    @Test
    void sendsFunctionToolsAsTheRecordedClientDid() {
        ReceivedRequest sent = assertSentAsRecorded(toolCall(), StreamListener.NONE);

        assertThat(sent.json().path("tools").get(0).path("strict").asBoolean(true)).isFalse();
    }

    @Test
    void sendsFunctionCallsAndTheirOutputsAsTheRecordedClientDid() {
        assertSentAsRecorded(answerAfterToolResult(), StreamListener.NONE);
    }

    @Test
    void replaysTheRecordedHistoryWithAToolCallAndItsOutput() {
        Cassette cassette = Fixtures.cassette("openai-responses/test_openai_responses_history_with_combined_tool_call_id.yaml");
        ToolCall country = new ToolCall("call_ZWkVhdUjupo528U9dqgFeRkH", "get_user_country", "{}");
        ProviderScenario scenario = new ProviderScenario(cassette, "/v1", new ChatRequest("gpt-5", List.of(
                new Message.User("What is the largest city in the user country?"),
                new Message.Assistant("", List.of(country)),
                new Message.ToolResult(country.id(), country.name(), "Mexico", false),
                new Message.User("What is the largest city in the user country?")), SentBodies.tools(cassette.request(0)), 0),
                Expected.toolCalls(List.of(new ToolCall("call_LIXPi261Xx3dGYzlDsOoyHGk", "final_result",
                        "{\"city\":\"Mexico City\",\"country\":\"Mexico\"}")), new Usage(103, 409)));

        assertAnswers(scenario, call(scenario, StreamListener.NONE));
        assertSentAsRecorded(scenario, StreamListener.NONE);
    }

    @Test
    void streamsAsTheRecordedClientDid() {
        List<String> deltas = new ArrayList<>();
        ReceivedRequest sent = SentBodies.sendOnce(streamedText(), this::underTest, API_KEY, deltas::add, false);

        assertThat(comparable(sent.json())).isEqualTo(comparable(streamedText().cassette().request(0).body()));
        assertThat(deltas).containsExactly("The", " capital", " of", " Minas", " Gerais", " is", " Belo", " Horizonte", ".");
    }

    @Test
    void streamsTheRecordedBackgroundAndConversationStreams() {
        ProviderScenario background = new ProviderScenario(Fixtures.cassette("openai-responses/test_background_mode_streaming_vcr.yaml"),
                "/v1", new ChatRequest("gpt-4o", List.of(new Message.User("What is 2 + 2?")), List.of(), 0),
                Expected.text("2 + 2 equals 4.", new Usage(15, 9)));
        ProviderScenario conversation = new ProviderScenario(
                Fixtures.cassette("openai-responses/test_openai_conversation_id_streaming_provider_details.yaml").only("POST", "/responses"),
                "/v1", new ChatRequest("gpt-4.1", List.of(new Message.System("Follow the user instructions exactly."),
                        new Message.User("Reply exactly: streamed")), List.of(), 0),
                Expected.text("streamed", new Usage(21, 3)));

        for (ProviderScenario scenario : List.of(background, conversation)) {
            List<String> deltas = new ArrayList<>();
            assertAnswers(scenario, call(scenario, deltas::add));
            assertThat(String.join("", deltas)).isEqualTo(scenario.expected().text());
            assertSentAsRecorded(scenario, delta -> { });
        }
    }

    @Test
    void theRecordedHttpErrorIsRejectedWithOpenAisMessage() {
        ProviderScenario scenario = new ProviderScenario(Fixtures.cassette("openai-responses/test_openai_responses_model_http_error.yaml"),
                "/v1", new ChatRequest("gpt-4o", List.of(new Message.User("What is the capital of France?")), List.of(), 0),
                Expected.text("", Usage.ZERO));

        ProviderRejectedException failure = catchThrowableOfType(ProviderRejectedException.class, () -> call(scenario, delta -> { }));

        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.getMessage()).isEqualTo("provider 'under-test' answered 400: "
                + "Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got -1 instead.");
    }

    @Test
    void anAnswerCutShortByTheOutputLimitFinishesWithLength() {
        ObjectNode answer = recordedWeatherAnswer().put("status", "incomplete");
        answer.putObject("incomplete_details").put("reason", "max_output_tokens");
        ((ArrayNode) answer.get("output")).remove(1);
        ChatRequest limited = new ChatRequest("gpt-5-mini", toolCall().request().messages(), toolCall().request().tools(), 64);
        try (WireReplayServer server = WireReplayServer.answering(RecordedResponse.json(200, Json.write(answer)))) {
            ChatResponse response = underTest(server.url("/v1")).chat(limited, StreamListener.NONE);

            assertThat(response.finishReason()).isEqualTo("length");
            assertThat(response.message().toolCalls()).isEmpty();
            assertThat(server.onlyRequest().json().path("max_output_tokens").asInt()).isEqualTo(64);
        }
    }

    @Test
    void aFailedAnswerIsRetryableWhenTheServiceFailed() {
        ObjectNode answer = recordedWeatherAnswer().put("status", "failed");
        answer.putObject("error").put("code", "server_error").put("message", "The model had a server error.");
        try (WireReplayServer server = WireReplayServer.answering(RecordedResponse.json(200, Json.write(answer)))) {
            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> underTest(server.url("/v1")).chat(toolCall().request(), StreamListener.NONE));

            assertThat(failure.getMessage()).contains("server_error").contains("The model had a server error.");
        }
    }

    @Test
    void anErrorEventInAStreamIsMappedByItsCode() {
        String limited = event("error", Json.object().put("code", "rate_limit_exceeded").put("message", "Slow down").putNull("param"));
        String invalid = event("error", Json.object().put("code", "invalid_prompt").put("message", "Prompt flagged").putNull("param"));
        try (WireReplayServer server = WireReplayServer.answering(RecordedResponse.eventStream(limited),
                RecordedResponse.eventStream(invalid))) {
            ChatProvider provider = underTest(server.url("/v1"));

            assertThat(catchThrowableOfType(RetryableProviderException.class, () -> provider.chat(toolCall().request(), delta -> { })))
                    .hasMessageContaining("rate_limit_exceeded").hasMessageContaining("Slow down");
            assertThat(catchThrowableOfType(ProviderRejectedException.class, () -> provider.chat(toolCall().request(), delta -> { })))
                    .hasMessageContaining("invalid_prompt").hasMessageContaining("Prompt flagged");
        }
    }

    private ChatProvider underTest(URI baseUrl) {
        return provider("under-test", baseUrl, API_KEY);
    }

    /**
     * Checks the sent body against the recorded one. Cairn's transcript keeps no reasoning
     * items and sends function calls without their output-item id, so those are left out of
     * the recording for the comparison; and the SDK names an input message's item type
     * ({@code "type": "message"}), which is the API's default when absent.
     */
    private ReceivedRequest assertSentAsRecorded(ProviderScenario scenario, StreamListener listener) {
        ReceivedRequest sent = SentBodies.sendOnce(scenario, this::underTest, API_KEY, listener, false);
        assertThat(comparable(sent.json())).isEqualTo(comparable(scenario.cassette().request(0).body()));
        return sent;
    }

    private static JsonNode comparable(JsonNode body) {
        JsonNode comparable = SentBodies.comparable(body, NOT_SENT_BY_BOTH, item -> item.path("type").asText().equals("reasoning"));
        comparable.path("input").forEach(item -> {
            if (item.path("type").asText().equals("function_call")) {
                ((ObjectNode) item).remove("id");
            }
            if (item.has("role") && item.path("type").asText().equals("message")) {
                ((ObjectNode) item).remove("type");
            }
        });
        return comparable;
    }

    private static ObjectNode recordedWeatherAnswer() {
        return (ObjectNode) SentBodies.json(WEATHER.interaction(0).response().bodyText());
    }

    private int sequence;

    private String event(String type, ObjectNode data) {
        ObjectNode event = Json.object().put("type", type).put("sequence_number", sequence++);
        event.setAll(data);
        return "event: " + type + "\ndata: " + Json.write(event) + "\n\n";
    }
}
