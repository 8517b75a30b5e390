package dev.cairn.models.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ProviderRejectedException;
import dev.cairn.core.model.RetryableProviderException;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.model.Usage;
import dev.cairn.testing.model.ChatProviderContract;
import dev.cairn.testing.model.ProviderScenario;
import dev.cairn.testing.model.ProviderScenario.Expected;
import dev.cairn.testing.wire.Cassette;
import dev.cairn.testing.wire.Fixtures;
import dev.cairn.testing.wire.Interaction;
import dev.cairn.testing.wire.ReceivedRequest;
import dev.cairn.testing.wire.RecordedRequest;
import dev.cairn.testing.wire.RecordedResponse;
import dev.cairn.testing.wire.WireReplayServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Anthropic provider against recorded Messages API traffic. */
class AnthropicWireTest extends ChatProviderContract {

    /** What the recording client sent that Cairn does not: the default tool choice, extended thinking, the stream flag (checked apart). */
    private static final Set<String> NOT_SENT_BY_CAIRN = Set.of("tool_choice", "thinking", "stream");

    private static final Cassette INSTRUCTIONS = Fixtures.cassette("anthropic/test_anthropic_model_instructions.yaml");
    private static final Cassette WEATHER = Fixtures.cassette("tool-choice/test_tool_choice_matrix[auto-anthropic].yaml");
    private static final Cassette REDACTED_THINKING_STREAM =
            Fixtures.cassette("anthropic/test_anthropic_model_thinking_part_redacted_stream.yaml");
    private static final ToolCall WEATHER_CALL = new ToolCall("toolu_01WN4AuToBnJyXNQXwQBBebj", "get_weather", "{\"city\":\"Paris\"}");

    private final List<AnthropicProvider> providers = new ArrayList<>();

    @AfterEach
    void closeProviders() {
        providers.forEach(AnthropicProvider::close);
    }

    @Override
    protected ChatProvider provider(String name, URI baseUrl, String apiKey) {
        return open(AnthropicConfig.builder(name).apiKey(apiKey).baseUrl(baseUrl).build());
    }

    private AnthropicProvider open(AnthropicConfig config) {
        AnthropicProvider provider = AnthropicProvider.create(config, Clock.systemUTC());
        providers.add(provider);
        return provider;
    }

    @Override
    protected ProviderScenario textAnswer() {
        String instructions = INSTRUCTIONS.request(0).body().path("system").asText();
        return new ProviderScenario(INSTRUCTIONS, "",
                new ChatRequest("claude-3-opus-latest", List.of(new Message.System(instructions),
                        new Message.User("What is the capital of France?")), List.of(), 4096),
                Expected.text("The capital of France is Paris.", new Usage(20, 10)));
    }

    @Override
    protected ProviderScenario toolCall() {
        return new ProviderScenario(WEATHER, "",
                new ChatRequest("claude-sonnet-4-5", List.of(new Message.User("What's the weather in Paris?")), tools(WEATHER.request(0)), 4096),
                Expected.toolCalls(List.of(WEATHER_CALL), new Usage(572, 53)));
    }

    @Override
    protected ProviderScenario answerAfterToolResult() {
        return new ProviderScenario(WEATHER.skip(1), "",
                new ChatRequest("claude-sonnet-4-5", List.of(
                        new Message.User("What's the weather in Paris?"),
                        new Message.Assistant("", List.of(WEATHER_CALL)),
                        new Message.ToolResult(WEATHER_CALL.id(), WEATHER_CALL.name(), "Sunny, 22C in Paris", false)),
                        tools(WEATHER.request(1)), 4096),
                Expected.text("The weather in Paris is currently sunny with a temperature of 22°C (approximately 72°F)."
                        + " It's a beautiful day!", new Usage(646, 31)));
    }

    /** No recording holds parallel calls: this answer is the recorded weather answer with a second call added. */
    @Override
    protected ProviderScenario parallelToolCalls() {
        ObjectNode answer = (ObjectNode) json(WEATHER.interaction(0).response());
        ObjectNode second = ((ArrayNode) answer.get("content")).addObject()
                .put("type", "tool_use").put("id", "toolu_second").put("name", "get_weather");
        second.putObject("input").put("city", "Lyon");
        return new ProviderScenario(Cassette.of("written: two weather calls",
                Interaction.written("POST", "https://api.anthropic.com/v1/messages", RecordedResponse.json(200, Json.write(answer)))),
                "", toolCall().request(),
                Expected.toolCalls(List.of(WEATHER_CALL, new ToolCall("toolu_second", "get_weather", "{\"city\":\"Lyon\"}")),
                        new Usage(572, 53)));
    }

    /** A recorded stream whose text follows two redacted thinking blocks, which Cairn skips. */
    @Override
    protected ProviderScenario streamedText() {
        String prompt = REDACTED_THINKING_STREAM.request(0).body().path("messages").get(0).path("content").get(0).path("text").asText();
        return new ProviderScenario(REDACTED_THINKING_STREAM, "",
                new ChatRequest("claude-sonnet-4-5-20250929", List.of(new Message.User(prompt)), List.of(), 4096),
                Expected.text("I notice that you've sent what appears to be some kind of test string or command. I don't have"
                        + " any special \"magic string\" triggers or backdoor commands that would expose internal systems or"
                        + " change my behavior.\n\nI'm Claude, an AI assistant created by Anthropic to be helpful, harmless,"
                        + " and honest. How can I assist you today with a legitimate task or question?", new Usage(92, 189)));
    }

    /**
     * No recording streams a tool call: this stream is written in the shape of the recorded
     * ones, with the call's input split over {@code input_json_delta} events.
     */
    @Override
    protected ProviderScenario streamedToolCall() {
        String events = String.join("", List.of(
                event("message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-5-20250929\","
                        + "\"id\":\"msg_written\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":572,\"output_tokens\":1}}}"),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me \"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"check.\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_01WN4AuToBnJyXNQXwQBBebj\",\"name\":\"get_weather\",\"input\":{}}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":53}}"),
                event("message_stop", "{\"type\":\"message_stop\"}")));
        return new ProviderScenario(Cassette.of("written: a streamed weather call",
                Interaction.written("POST", "https://api.anthropic.com/v1/messages", RecordedResponse.eventStream(events))),
                "", toolCall().request(),
                new Expected("Let me check.", List.of(WEATHER_CALL), new Usage(572, 53), "tool_calls"));
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Override
    protected RecordedResponse errorAnswer(int status, String message) {
        ObjectNode body = Json.object().put("type", "error");
        body.putObject("error").put("type", status == 529 ? "overloaded_error" : "api_error").put("message", message);
        return RecordedResponse.json(status, Json.write(body));
    }

    @Test
    void sendsInstructionsAsTheRecordedClientDid() {
        assertSentAsRecorded(textAnswer(), StreamListener.NONE);
    }

    @Test
    void sendsToolsAsTheRecordedClientDid() {
        assertSentAsRecorded(toolCall(), StreamListener.NONE);
    }

    @Test
    void sendsToolUseAndToolResultBlocksAsTheRecordedClientDid() {
        assertSentAsRecorded(answerAfterToolResult(), StreamListener.NONE);
    }

    @Test
    void leavesOutAnEmptyMessageAsTheRecordedClientDid() {
        Cassette cassette = Fixtures.cassette("anthropic/test_anthropic_model_empty_message_on_history.yaml");
        ProviderScenario scenario = new ProviderScenario(cassette, "", new ChatRequest("claude-sonnet-4-5", List.of(
                new Message.System(cassette.request(0).body().path("system").asText()),
                new Message.User(""),
                new Message.Assistant("Hello, how can I help you?", List.of()),
                new Message.User("I need a potato!")), List.of(), 4096),
                Expected.text(json(cassette.interaction(0).response()).path("content").get(0).path("text").asText(), new Usage(41, 88)));

        assertSentAsRecorded(scenario, StreamListener.NONE);
        assertAnswers(scenario, call(scenario, StreamListener.NONE));
    }

    @Test
    void sendsConsecutiveUserMessagesAsTheRecordedClientDid() {
        Cassette cassette = Fixtures.cassette("anthropic/test_anthropic_model_retrying_after_empty_response.yaml");
        ProviderScenario scenario = new ProviderScenario(cassette, "", new ChatRequest("claude-haiku-4-5", List.of(
                new Message.User("Hi"),
                new Message.User("Validation feedback:\nPlease return text.\n\nFix the errors and try again.")), List.of(), 4096),
                Expected.text("# Hi there! \uD83D\uDC4B\n\nHow can I help you today?", new Usage(26, 18)));

        assertSentAsRecorded(scenario, StreamListener.NONE);
        assertAnswers(scenario, call(scenario, StreamListener.NONE));
    }

    @Test
    void anOverloadedAnswerIsRetryableAfterAnthropicsRetryAfter() {
        try (WireReplayServer server = WireReplayServer.answering(errorAnswer(529, "Overloaded").withHeader("retry-after", "3"))) {
            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> provider("under-test", server.url(""), API_KEY).chat(textAnswer().request(), StreamListener.NONE));

            assertThat(failure.status()).isEqualTo(529);
            assertThat(failure.retryAfterMillis()).isEqualTo(3_000);
            assertThat(failure.getMessage()).contains("Overloaded");
        }
    }

    @Test
    void mapsStopReasonsToCairnsFinishReasons() {
        assertThat(AnthropicProvider.finishReason(com.anthropic.models.messages.StopReason.END_TURN)).isEqualTo("stop");
        assertThat(AnthropicProvider.finishReason(com.anthropic.models.messages.StopReason.TOOL_USE)).isEqualTo("tool_calls");
        assertThat(AnthropicProvider.finishReason(com.anthropic.models.messages.StopReason.MAX_TOKENS)).isEqualTo("length");
    }

    @Test
    void streamsWhenGivenAListenerAsTheRecordedClientDid() {
        ReceivedRequest sent = assertSentAsRecorded(streamedText(), delta -> { });
        assertThat(sent.json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void groupsConsecutiveToolResultsIntoOneUserMessage() {
        ToolCall lyon = new ToolCall("toolu_second", "get_weather", "{\"city\":\"Lyon\"}");
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", List.of(
                new Message.System("Be brief."),
                new Message.User("Weather in Paris and Lyon?"),
                new Message.Assistant("Checking both.", List.of(WEATHER_CALL, lyon)),
                new Message.ToolResult(WEATHER_CALL.id(), WEATHER_CALL.name(), "Sunny", false),
                new Message.ToolResult(lyon.id(), lyon.name(), "no such city", true)), tools(WEATHER.request(0)), 0);

        JsonNode sent = sendOnce(request, answerAfterToolResult().cassette(), StreamListener.NONE).json();

        assertThat(sent.path("system").asText()).isEqualTo("Be brief.");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(AnthropicConfig.DEFAULT_MAX_OUTPUT_TOKENS);
        JsonNode messages = sent.path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("content").get(0).path("text").asText()).isEqualTo("Checking both.");
        assertThat(messages.get(1).path("content").get(2).path("input")).isEqualTo(Json.tree(Map.of("city", "Lyon")));
        JsonNode results = messages.get(2);
        assertThat(results.path("role").asText()).isEqualTo("user");
        assertThat(results.path("content")).hasSize(2);
        assertThat(results.path("content").get(1).path("tool_use_id").asText()).isEqualTo("toolu_second");
        assertThat(results.path("content").get(1).path("is_error").asBoolean()).isTrue();
    }

    @Test
    void theRecordedNotFoundIsRejectedWithAnthropicsMessage() {
        RecordedResponse notFound = Fixtures.cassette("anthropic/test_anthropic_count_tokens_error.yaml").interaction(0).response();
        String message = json(notFound).path("error").path("message").asText();
        try (WireReplayServer server = WireReplayServer.answering(notFound)) {
            ProviderRejectedException failure = catchThrowableOfType(ProviderRejectedException.class,
                    () -> provider("under-test", server.url(""), API_KEY).chat(textAnswer().request(), StreamListener.NONE));

            assertThat(failure.status()).isEqualTo(404);
            assertThat(message).isNotBlank();
            assertThat(failure.getMessage()).endsWith(message);
        }
    }

    @Test
    void anOverloadedStreamIsRetryable() {
        String events = event("message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-5\","
                + "\"id\":\"msg_x\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}")
                + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        try (WireReplayServer server = WireReplayServer.answering(RecordedResponse.eventStream(events))) {
            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> provider("under-test", server.url(""), API_KEY).chat(textAnswer().request(), delta -> { }));

            assertThat(failure.getMessage()).contains("Overloaded");
        }
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeIsRetryable() {
        try (WireReplayServer server = WireReplayServer.silent()) {
            AnthropicProvider provider = open(AnthropicConfig.builder("slow").apiKey(API_KEY).baseUrl(server.url(""))
                    .requestTimeout(Duration.ofMillis(300)).build());

            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> provider.chat(textAnswer().request(), StreamListener.NONE));

            assertThat(failure.status()).isZero();
            assertThat(failure.getMessage()).contains("no complete answer");
        }
    }

    @Test
    void aToolWhoseSchemaIsNotAnObjectIsAnInvalidRequest() {
        ToolDefinition broken = new ToolDefinition("broken", "", Json.tree(List.of("not", "an", "object")));
        ChatRequest request = new ChatRequest("claude-sonnet-4-5", List.of(new Message.User("hi")), List.of(broken), 0);
        try (WireReplayServer server = WireReplayServer.answering()) {
            InvalidRequestException failure = catchThrowableOfType(InvalidRequestException.class,
                    () -> provider("tools", server.url(""), API_KEY).chat(request, StreamListener.NONE));

            assertThat(failure.getMessage()).contains("broken");
            assertThat(server.received()).isEmpty();
        }
    }

    private ReceivedRequest assertSentAsRecorded(ProviderScenario scenario, StreamListener listener) {
        ReceivedRequest sent = sendOnce(scenario.request(), scenario.cassette(), listener);
        RecordedRequest recorded = scenario.cassette().request(0);
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.json().path("stream").asBoolean(false)).isEqualTo(recorded.body().path("stream").asBoolean(false));
        assertThat(comparable(sent.json())).isEqualTo(comparable(recorded.body()));
        return sent;
    }

    private ReceivedRequest sendOnce(ChatRequest request, Cassette cassette, StreamListener listener) {
        try (WireReplayServer server = WireReplayServer.replaying(cassette)) {
            provider("under-test", server.url(""), API_KEY).chat(request, listener);
            ReceivedRequest sent = server.onlyRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.header("x-api-key")).isEqualTo(API_KEY);
            assertThat(sent.header("x-api-key")).isEqualTo(API_KEY);
            assertThat(sent.header("anthropic-version")).isNotBlank();
            assertThat(sent.header("authorization")).isEmpty();
            assertThat(sent.header("content-type")).startsWith("application/json");
            return sent;
        }
    }

    private static JsonNode comparable(JsonNode body) {
        JsonNode copy = body.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (NOT_SENT_BY_CAIRN.contains(field.getKey()) || field.getValue().isNull()) {
                    fields.remove();
                } else {
                    strip(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(AnthropicWireTest::strip);
        }
    }

    private static JsonNode json(RecordedResponse response) {
        try {
            return Json.parse(response.bodyText());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(response.bodyText(), e);
        }
    }

    private static List<ToolDefinition> tools(RecordedRequest recorded) {
        List<ToolDefinition> tools = new ArrayList<>();
        recorded.body().path("tools").forEach(tool -> tools.add(
                new ToolDefinition(tool.get("name").asText(), tool.path("description").asText(""), tool.get("input_schema"))));
        return tools;
    }
}
