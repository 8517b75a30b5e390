package dev.cairn.models.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Bedrock provider against recorded Converse and ConverseStream traffic. */
class BedrockWireTest extends ChatProviderContract {

    /** What the recording client sent that Cairn does not: the default tool choice and sampling settings. */
    private static final Set<String> NOT_SENT_BY_CAIRN = Set.of("toolChoice", "inferenceConfig");
    private static final String ACCESS_KEY_ID = "AKIDCAIRNTEST00000000";
    private static final String NOVA = "us.amazon.nova-micro-v1:0";
    private static final String CLAUDE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

    private static final Cassette HELLO = Fixtures.cassette("bedrock/test_bedrock_model.yaml");
    private static final Cassette WEATHER = Fixtures.cassette("tool-choice/test_tool_choice_matrix[auto-bedrock].yaml");
    private static final Cassette STREAM = Fixtures.cassette("bedrock/test_bedrock_model_stream.yaml");
    private static final Cassette TOOL_STREAM = Fixtures.cassette("bedrock/test_bedrock_model_iter_stream.yaml");
    private static final ToolCall WEATHER_CALL = new ToolCall("tooluse_XjTErzm6TpyMMpDviNVY3g", "get_weather", "{\"city\":\"Paris\"}");

    private final List<BedrockProvider> providers = new ArrayList<>();

    @AfterEach
    void closeProviders() {
        providers.forEach(BedrockProvider::close);
    }

    @Override
    protected ChatProvider provider(String name, URI baseUrl, String apiKey) {
        return open(BedrockConfig.builder(name).region("us-east-1").credentials(ACCESS_KEY_ID, apiKey).baseUrl(baseUrl).build());
    }

    private BedrockProvider open(BedrockConfig config) {
        BedrockProvider provider = BedrockProvider.create(config);
        providers.add(provider);
        return provider;
    }

    @Override
    protected ProviderScenario textAnswer() {
        return new ProviderScenario(HELLO, "", new ChatRequest(NOVA,
                List.of(new Message.System("You are a chatbot."), new Message.User("Hello!")), List.of(), 0),
                Expected.text("Hello! How can I assist you today? Whether you have questions, need information, or just want"
                        + " to chat, I'm here to help.", new Usage(7, 30)));
    }

    @Override
    protected ProviderScenario toolCall() {
        return new ProviderScenario(WEATHER, "",
                new ChatRequest(CLAUDE, List.of(new Message.User("What's the weather in Paris?")), tools(WEATHER.request(0)), 0),
                Expected.toolCalls(List.of(WEATHER_CALL), new Usage(572, 53)));
    }

    @Override
    protected ProviderScenario answerAfterToolResult() {
        return new ProviderScenario(WEATHER.skip(1), "", new ChatRequest(CLAUDE, List.of(
                        new Message.User("What's the weather in Paris?"),
                        new Message.Assistant("", List.of(WEATHER_CALL)),
                        new Message.ToolResult(WEATHER_CALL.id(), WEATHER_CALL.name(), "Sunny, 22C in Paris", false)),
                        tools(WEATHER.request(1)), 0),
                Expected.text("The weather in Paris is currently sunny with a temperature of 22°C (approximately 72°F)."
                        + " It's a beautiful day!", new Usage(646, 31)));
    }

    /** No recording holds parallel calls: this answer is the recorded weather answer with a second call added. */
    @Override
    protected ProviderScenario parallelToolCalls() {
        JsonNode answer = json(WEATHER.interaction(0).response());
        ObjectNode second = ((ArrayNode) answer.path("output").path("message").path("content")).addObject().putObject("toolUse")
                .put("toolUseId", "tooluse_second").put("name", "get_weather");
        second.putObject("input").put("city", "Lyon");
        return new ProviderScenario(Cassette.of("written: two weather calls", Interaction.written("POST",
                        WEATHER.request(0).uri().toString(), RecordedResponse.json(200, Json.write(answer)))),
                "", toolCall().request(),
                Expected.toolCalls(List.of(WEATHER_CALL, new ToolCall("tooluse_second", "get_weather", "{\"city\":\"Lyon\"}")),
                        new Usage(572, 53)));
    }

    @Override
    protected ProviderScenario streamedText() {
        return new ProviderScenario(STREAM, "", new ChatRequest(NOVA, List.of(new Message.System("You are a helpful chatbot."),
                new Message.User("What is the capital of France?")), List.of(), 0),
                Expected.text("The capital of France is Paris. Paris is not only the capital city but also the most populous"
                        + " city in France, and it is a major center for culture, commerce, fashion, and international diplomacy."
                        + " Known for its historical landmarks, such as the Eiffel Tower, the Louvre Museum, and Notre-Dame"
                        + " Cathedral, Paris is often referred to as \"The City of Light\" or \"The City of Love.\"", new Usage(13, 82)));
    }

    /** The recorded stream: thinking text, then a {@code get_temperature} call whose input arrives as a delta. */
    @Override
    protected ProviderScenario streamedToolCall() {
        return new ProviderScenario(TOOL_STREAM, "", new ChatRequest(NOVA, List.of(new Message.System("You are a helpful chatbot."),
                new Message.User("What is the temperature of the capital of France?")), tools(TOOL_STREAM.request(0)), 0),
                new Expected("<thinking> To find the temperature of the capital of France, I need to first determine the capital"
                        + " of France and then get the current temperature in that city. The capital of France is Paris. I will use"
                        + " the \"get_temperature\" tool to find the current temperature in Paris.</thinking>\n",
                        List.of(new ToolCall("tooluse_lAG_zP8QRHmSYOwZzzaCqA", "get_temperature", "{\"city\":\"Paris\"}")),
                        new Usage(471, 91), "tool_calls"));
    }

    /** Bedrock's error shape: the exception's name in {@code x-amzn-ErrorType}, its words in {@code message}. */
    @Override
    protected RecordedResponse errorAnswer(int status, String message) {
        String type = switch (status) {
            case 429 -> "ThrottlingException";
            case 403 -> "AccessDeniedException";
            case 401 -> "UnrecognizedClientException";
            case 400 -> "ValidationException";
            case 404 -> "ResourceNotFoundException";
            case 503 -> "ServiceUnavailableException";
            case 500 -> "InternalServerException";
            default -> "";
        };
        RecordedResponse answer = RecordedResponse.json(status, Json.write(Json.object().put("message", message)));
        return type.isEmpty() ? answer : answer.withHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
    }

    @Test
    void sendsAConverseRequestAsTheRecordedClientDid() {
        assertSentAsRecorded(textAnswer(), StreamListener.NONE, "/converse");
    }

    @Test
    void sendsToolsAsTheRecordedClientDid() {
        assertSentAsRecorded(toolCall(), StreamListener.NONE, "/converse");
    }

    @Test
    void sendsToolUseAndToolResultBlocksAsTheRecordedClientDid() {
        assertSentAsRecorded(answerAfterToolResult(), StreamListener.NONE, "/converse");
    }

    @Test
    void sendsAFailedToolResultWithAnErrorStatusAsTheRecordedClientDid() {
        Cassette retry = Fixtures.cassette("bedrock/test_bedrock_model_retry.yaml").skip(1);
        JsonNode recordedAssistant = retry.request(0).body().path("messages").get(1).path("content");
        ToolCall capital = new ToolCall("tooluse_Ze_bgl9CSqu8aJv7XD-_Dw", "get_capital", "{\"country\":\"France\"}");
        ProviderScenario scenario = new ProviderScenario(retry, "", new ChatRequest(NOVA, List.of(
                new Message.System("You are a helpful chatbot."),
                new Message.User("What is the capital of France?"),
                new Message.Assistant(recordedAssistant.get(0).path("text").asText(), List.of(capital)),
                new Message.ToolResult(capital.id(), capital.name(), "The country is not supported.\n\nFix the errors and try again.", true)),
                tools(retry.request(0)), 0),
                Expected.text(json(retry.interaction(0).response()).path("output").path("message").path("content").get(0).path("text").asText(),
                        new Usage(531, 76)));

        assertSentAsRecorded(scenario, StreamListener.NONE, "/converse");
        assertAnswers(scenario, call(scenario, StreamListener.NONE));
    }

    @Test
    void skipsReasoningAndReadsToolCallsWithEmptyOrUnusualInputsAsRecorded() {
        Cassette thinking = Fixtures.cassette("bedrock/test_bedrock_anthropic_tool_with_thinking.yaml");
        ProviderScenario withThinking = new ProviderScenario(thinking, "", new ChatRequest("us.anthropic.claude-3-7-sonnet-20250219-v1:0",
                List.of(new Message.User("What is the largest city in the user country?")), tools(thinking.request(0)), 0),
                new Expected("I'll need to check what country you're from to answer that question.",
                        List.of(new ToolCall("tooluse_W9DaUFg4Tj2cRPpndqxWSg", "get_user_country", "{}")),
                        new Usage(397, 130), "tool_calls"));
        Cassette moonshot = Fixtures.cassette("bedrock/test_bedrock_moonshotai_tool_call.yaml");
        ProviderScenario kimi = new ProviderScenario(moonshot, "", new ChatRequest("moonshot.kimi-k2-thinking", List.of(
                new Message.System("You are a helpful chatbot. Use tools when helpful."),
                new Message.User("What is the temperature in London? Use the tool.")), tools(moonshot.request(0)), 0),
                Expected.toolCalls(List.of(new ToolCall("functions.get_temperature:0", "get_temperature", "{\"city\":\"London\"}")),
                        new Usage(92, 75)));
        Cassette single = Fixtures.cassette("tool-choice/test_tool_choice_matrix[list_single-bedrock].yaml");
        ProviderScenario listSingle = new ProviderScenario(single, "", new ChatRequest(CLAUDE,
                List.of(new Message.User("What's the weather in Paris?")), tools(single.request(0)), 0),
                Expected.toolCalls(List.of(new ToolCall("tooluse_XH9QwZ53aYzZNhWMTAAJzl", "get_weather", "{\"city\":\"Paris\"}")),
                        new Usage(727, 33)));

        for (ProviderScenario scenario : List.of(withThinking, kimi, listSingle)) {
            assertAnswers(scenario, call(scenario, StreamListener.NONE));
        }
        assertSentAsRecorded(kimi, StreamListener.NONE, "/converse");
    }

    @Test
    void streamsWhenGivenAListenerAsTheRecordedClientDid() {
        assertSentAsRecorded(streamedText(), delta -> { }, "/converse-stream");
        assertSentAsRecorded(streamedToolCall(), delta -> { }, "/converse-stream");
    }

    @Test
    void theRecordedInvalidModelIsRejectedWithBedrocksMessage() {
        for (String recording : List.of("bedrock/test_bedrock_error.yaml", "bedrock/test_bedrock_streaming_error.yaml")) {
            Cassette cassette = Fixtures.cassette(recording);
            StreamListener listener = recording.contains("streaming") ? delta -> { } : StreamListener.NONE;
            try (WireReplayServer server = WireReplayServer.replaying(cassette)) {
                ProviderRejectedException failure = catchThrowableOfType(ProviderRejectedException.class,
                        () -> provider("under-test", server.url(""), API_KEY).chat(new ChatRequest("us.does-not-exist-model-v1:0",
                                List.of(new Message.User("hello")), List.of(), 0), listener));

                assertThat(failure).as(recording).isNotNull();
                assertThat(failure.status()).isEqualTo(400);
                assertThat(failure.getMessage()).contains("The provided model identifier is invalid.");
                assertThat(server.onlyRequest().path()).isEqualTo(cassette.request(0).path());
            }
        }
    }

    @Test
    void aThrottledStreamIsRetryableAfterBedrocksRetryAfter() {
        try (WireReplayServer server = WireReplayServer.answering(errorAnswer(429, "Too many requests").withHeader("retry-after", "7"))) {
            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> provider("under-test", server.url(""), API_KEY).chat(streamedText().request(), delta -> { }));

            assertThat(failure.status()).isEqualTo(429);
            assertThat(failure.retryAfterMillis()).isEqualTo(7_000);
            assertThat(failure.getMessage()).contains("Too many requests");
        }
    }

    @Test
    void anErrorEventInsideAStreamIsRetryable() {
        byte[] stream = EventStreamMessages.concat(
                EventStreamMessages.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamMessages.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"The capital\"}}"),
                EventStreamMessages.exception("throttlingException", "{\"message\":\"Too many tokens, please wait before trying again.\"}"));
        List<String> deltas = new ArrayList<>();
        try (WireReplayServer server = WireReplayServer.answering(new RecordedResponse(200,
                Map.of("content-type", List.of("application/vnd.amazon.eventstream")), stream))) {
            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> provider("under-test", server.url(""), API_KEY).chat(streamedText().request(), deltas::add));

            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains("Too many tokens, please wait before trying again.").doesNotContain(API_KEY);
            assertThat(deltas).containsExactly("The capital");
        }
    }

    @Test
    void aStreamThatEndsBeforeItsStopIsRetryable() {
        byte[] stream = EventStreamMessages.concat(
                EventStreamMessages.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamMessages.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"The capital\"}}"));
        try (WireReplayServer server = WireReplayServer.answering(new RecordedResponse(200,
                Map.of("content-type", List.of("application/vnd.amazon.eventstream")), stream))) {
            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> provider("under-test", server.url(""), API_KEY).chat(streamedText().request(), delta -> { }));

            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains("ended");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutRetryablyWhetherStreamingOrNot() {
        try (WireReplayServer server = WireReplayServer.silent()) {
            BedrockProvider provider = open(BedrockConfig.builder("under-test").region("us-east-1")
                    .credentials(ACCESS_KEY_ID, API_KEY).baseUrl(server.url("")).requestTimeout(java.time.Duration.ofMillis(300)).build());
            for (StreamListener listener : List.<StreamListener>of(StreamListener.NONE, delta -> { })) {
                RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                        () -> provider.chat(textAnswer().request(), listener));

                assertThat(failure).isNotNull();
                assertThat(failure.status()).isZero();
                assertThat(failure.getMessage()).doesNotContain(API_KEY);
            }
        }
    }

    @Test
    void namesItsRegionAndTheHostItCalls() {
        BedrockProvider regional = open(BedrockConfig.builder("bedrock").region("eu-central-1").build());
        BedrockProvider overridden = open(BedrockConfig.builder("local").region("us-east-1")
                .baseUrl("http://127.0.0.1:9/").credentials(ACCESS_KEY_ID, API_KEY).build());

        assertThat(regional.region()).isEqualTo("eu-central-1");
        assertThat(regional.endpointHost()).isEqualTo("bedrock-runtime.eu-central-1.amazonaws.com");
        assertThat(overridden.endpointHost()).isEqualTo("127.0.0.1");
        assertThat(overridden.toString()).doesNotContain(API_KEY).doesNotContain(ACCESS_KEY_ID);
    }

    private ReceivedRequest assertSentAsRecorded(ProviderScenario scenario, StreamListener listener, String operation) {
        RecordedRequest recorded = scenario.cassette().request(0);
        try (WireReplayServer server = WireReplayServer.replaying(scenario.cassette())) {
            provider("under-test", server.url(""), API_KEY).chat(scenario.request(), listener);
            ReceivedRequest sent = server.onlyRequest();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.path()).isEqualTo(recorded.path()).endsWith(operation);
            assertThat(sent.header("authorization"))
                    .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/")
                    .contains("/us-east-1/bedrock/aws4_request")
                    .doesNotContain(API_KEY);
            assertThat(sent.header("x-amz-date")).isNotBlank();
            assertThat(comparable(sent.json())).isEqualTo(comparable(recorded.body()));
            return sent;
        }
    }

    /** The body without what Cairn does not send, and without empty lists (the recording client sent {@code "system": []}). */
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
                if (NOT_SENT_BY_CAIRN.contains(field.getKey()) || field.getValue().isNull()
                        || field.getValue().isArray() && field.getValue().isEmpty()) {
                    fields.remove();
                } else {
                    strip(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(BedrockWireTest::strip);
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
        recorded.body().path("toolConfig").path("tools").forEach(tool -> {
            JsonNode spec = tool.path("toolSpec");
            tools.add(new ToolDefinition(spec.get("name").asText(), spec.path("description").asText(""),
                    spec.path("inputSchema").path("json")));
        });
        return tools;
    }
}
