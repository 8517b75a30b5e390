package dev.cairn.models.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAI provider over Chat Completions, against recorded OpenAI traffic. */
class OpenAiChatWireTest extends ChatProviderContract {

    /** What the recording client sent that Cairn does not: {@code n: 1}, the default tool choice, strict schemas, extras. */
    private static final Set<String> NOT_SENT_BY_CAIRN = Set.of("n", "tool_choice", "strict", "user", "moderation", "stream");

    private static final Cassette TOOL_RESULT =
            Fixtures.cassette("openai-chat/test_openai_instructions_with_tool_calls_keep_instructions.yaml");
    private static final Cassette WEATHER = Fixtures.cassette("tool-choice/test_tool_choice_matrix[auto-openai].yaml");
    private static final Cassette STREAMED_TOOL_CALL = Fixtures.cassette("openai-chat/test_run_stream_sync_streams_real_model.yaml");

    private final List<OpenAiProvider> providers = new ArrayList<>();

    @AfterEach
    void closeProviders() {
        providers.forEach(OpenAiProvider::close);
    }

    @Override
    protected ChatProvider provider(String name, URI baseUrl, String apiKey) {
        return open(OpenAiConfig.builder(name).apiKey(apiKey).baseUrl(baseUrl).wireApi(WireApi.CHAT).build(), Clock.systemUTC());
    }

    private OpenAiProvider open(OpenAiConfig config, Clock clock) {
        OpenAiProvider provider = OpenAiProvider.create(config, clock);
        providers.add(provider);
        return provider;
    }

    @Override
    protected ProviderScenario textAnswer() {
        return new ProviderScenario(Fixtures.cassette("openai-chat/test_user_id.yaml"), "/v1",
                new ChatRequest("gpt-4o", List.of(new Message.User("hello")), List.of(), 0),
                Expected.text("Hello! How can I assist you today?", new Usage(8, 10)));
    }

    @Override
    protected ProviderScenario toolCall() {
        return new ProviderScenario(WEATHER, "/v1",
                new ChatRequest("gpt-5-mini", List.of(new Message.User("What's the weather in Paris?")), tools(WEATHER.request(0)), 0),
                Expected.toolCalls(List.of(new ToolCall("call_aDdJTteHrpMdhdkEkyxjxEHH", "get_weather", "{\"city\":\"Paris\"}")),
                        new Usage(132, 23)));
    }

    @Override
    protected ProviderScenario answerAfterToolResult() {
        ToolCall call = new ToolCall("call_bhZkmIKKItNGJ41whHUHB7p9", "get_temperature", "{\"city\":\"Tokyo\"}");
        return new ProviderScenario(TOOL_RESULT.skip(1), "/v1",
                new ChatRequest("gpt-4.1-mini", List.of(
                        new Message.System("You are a helpful assistant."),
                        new Message.User("What is the temperature in Tokyo?"),
                        new Message.Assistant("", List.of(call)),
                        new Message.ToolResult(call.id(), call.name(), "20.0", false)), tools(TOOL_RESULT.request(1)), 0),
                Expected.text("The temperature in Tokyo is currently 20.0 degrees Celsius.", new Usage(75, 15)));
    }

    /** No recording holds parallel calls: this answer is the recorded weather answer with a second call added. */
    @Override
    protected ProviderScenario parallelToolCalls() {
        String answer = WEATHER.interaction(0).response().bodyText().replace(
                "\"type\":\"function\"}]",
                "\"type\":\"function\"},{\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Lyon\\\"}\",\"name\":\"get_weather\"},"
                        + "\"id\":\"call_second\",\"type\":\"function\"}]");
        assertThat(answer).contains("call_second");
        return new ProviderScenario(Cassette.of("written: two weather calls",
                Interaction.written("POST", "https://api.openai.com/v1/chat/completions", RecordedResponse.json(200, answer))),
                "/v1", toolCall().request(),
                Expected.toolCalls(List.of(
                        new ToolCall("call_aDdJTteHrpMdhdkEkyxjxEHH", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_second", "get_weather", "{\"city\":\"Lyon\"}")), new Usage(132, 23)));
    }

    @Override
    protected ProviderScenario streamedText() {
        ToolCall call = new ToolCall("call_ZR5UUuTt3pf61kjwAJIYdVMj", "get_capital", "{\"country\":\"UK\"}");
        return new ProviderScenario(STREAMED_TOOL_CALL.skip(1), "/v1",
                new ChatRequest("gpt-4o-mini", List.of(
                        new Message.User("What is the capital of the UK? Use the tool, then answer."),
                        new Message.Assistant("", List.of(call)),
                        new Message.ToolResult(call.id(), call.name(), "London", false)), tools(STREAMED_TOOL_CALL.request(1)), 0),
                Expected.text("The capital of the UK is London.", new Usage(78, 9)));
    }

    @Override
    protected ProviderScenario streamedToolCall() {
        return new ProviderScenario(STREAMED_TOOL_CALL, "/v1",
                new ChatRequest("gpt-4o-mini", List.of(new Message.User("What is the capital of the UK? Use the tool, then answer.")),
                        tools(STREAMED_TOOL_CALL.request(0)), 0),
                Expected.toolCalls(List.of(new ToolCall("call_ZR5UUuTt3pf61kjwAJIYdVMj", "get_capital", "{\"country\":\"UK\"}")),
                        new Usage(53, 15)));
    }

    @Override
    protected RecordedResponse errorAnswer(int status, String message) {
        var body = Json.object();
        body.putObject("error").put("message", message).put("type", "invalid_request_error").putNull("param").putNull("code");
        return RecordedResponse.json(status, Json.write(body));
    }

    @Test
    void sendsTextRequestsAsTheRecordedClientDid() {
        assertSentAsRecorded(textAnswer(), StreamListener.NONE);
    }

    @Test
    void sendsToolsAsTheRecordedClientDid() {
        assertSentAsRecorded(toolCall(), StreamListener.NONE);
    }

    @Test
    void sendsInstructionsToolCallsAndToolResultsAsTheRecordedClientDid() {
        assertSentAsRecorded(answerAfterToolResult(), StreamListener.NONE);
    }

    @Test
    void asksForUsageWhenStreamingAsTheRecordedClientDid() {
        ReceivedRequest sent = assertSentAsRecorded(streamedToolCall(), delta -> { });
        assertThat(sent.json().path("stream").asBoolean()).isTrue();
        assertThat(sent.json().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertSentAsRecorded(streamedText(), delta -> { });
    }

    @Test
    void streamsTheRecordedModerationStream() {
        ProviderScenario scenario = new ProviderScenario(Fixtures.cassette("openai-chat/test_openai_moderation_stream.yaml"), "/v1",
                new ChatRequest("gpt-5", List.of(new Message.User("What is the capital of France?")), List.of(), 0),
                Expected.text("Paris.", new Usage(13, 11)));
        List<String> deltas = new ArrayList<>();

        assertAnswers(scenario, call(scenario, deltas::add));
        assertThat(deltas).containsExactly("Paris", ".");
    }

    @Test
    void streamsWhenConfiguredToEvenWithoutAListener() {
        ProviderScenario scenario = streamedToolCall();
        try (WireReplayServer server = WireReplayServer.replaying(scenario.cassette())) {
            OpenAiProvider provider = open(OpenAiConfig.builder("streaming").apiKey(API_KEY).baseUrl(server.url("/v1"))
                    .stream(true).build(), Clock.systemUTC());

            assertAnswers(scenario, provider.chat(scenario.request(), StreamListener.NONE));
            assertThat(server.onlyRequest().json().path("stream").asBoolean()).isTrue();
        }
    }

    @Test
    void sendsTheOutputLimitOnlyWhenOneIsSet() {
        ChatRequest limited = new ChatRequest("gpt-4o", List.of(new Message.User("hello")), List.of(), 256);
        try (WireReplayServer server = WireReplayServer.replaying(textAnswer().cassette())) {
            provider("limited", server.url("/v1"), API_KEY).chat(limited, StreamListener.NONE);

            assertThat(server.onlyRequest().json().path("max_completion_tokens").asInt()).isEqualTo(256);
        }
        ReceivedRequest unlimited = assertSentAsRecorded(textAnswer(), StreamListener.NONE);
        assertThat(unlimited.json().has("max_completion_tokens")).isFalse();
        assertThat(unlimited.json().has("max_tokens")).isFalse();
    }

    @Test
    void theRecordedRefusalOfASystemRoleIsRejectedWithOpenAisMessage() {
        ProviderScenario scenario = new ProviderScenario(Fixtures.cassette("openai-chat/test_openai_o1_mini_system_role[system].yaml"),
                "/v1", new ChatRequest("o1-mini", List.of(new Message.System("You are a helpful assistant."), new Message.User("Hello")),
                        List.of(), 0), Expected.text("", Usage.ZERO));

        ProviderRejectedException failure = catchThrowableOfType(ProviderRejectedException.class,
                () -> call(scenario, StreamListener.NONE));

        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.getMessage())
                .isEqualTo("provider 'under-test' answered 400: Unsupported value: 'messages[0].role' does not support 'system' with this model.");
    }

    @Test
    void theRecordedUnsupportedOptionIsRejectedWithOpenAisMessage() {
        ProviderScenario scenario = new ProviderScenario(
                Fixtures.cassette("openai-chat/test_openai_web_search_tool_model_not_supported.yaml"), "/v1",
                new ChatRequest("gpt-4o", List.of(new Message.System("You are a helpful assistant."), new Message.User("What day is today?")),
                        List.of(), 0), Expected.text("", Usage.ZERO));

        ProviderRejectedException failure = catchThrowableOfType(ProviderRejectedException.class,
                () -> call(scenario, StreamListener.NONE));

        assertThat(failure.getMessage()).endsWith("Web search options not supported with this model.");
    }

    @Test
    void aServerThatIsNotOpenAiCompatibleIsRejectedAsSuch() {
        // recorded from a demo endpoint that echoes the request as text/plain
        ProviderScenario scenario = new ProviderScenario(Fixtures.cassette("openai-chat/test_text_response.yaml"), "/bin",
                new ChatRequest("gpt-4o", List.of(new Message.User("What is the capital of France?")), List.of(), 0),
                Expected.text("", Usage.ZERO));

        ProviderRejectedException failure = catchThrowableOfType(ProviderRejectedException.class,
                () -> call(scenario, StreamListener.NONE));

        assertThat(failure.getMessage()).contains("not a Chat Completions answer").contains("/bin");
        assertSentAsRecorded(scenario, StreamListener.NONE, true);
    }

    @Test
    void readsTheRecordedToolCallWithoutArguments() {
        Cassette cassette = Fixtures.cassette("openai-chat/test_image_url_tool_response.yaml");
        ProviderScenario scenario = new ProviderScenario(cassette, "/v1",
                new ChatRequest("gpt-4o", List.of(new Message.User("What food is in the image you can get from the get_image tool?")),
                        tools(cassette.request(0)), 0),
                Expected.toolCalls(List.of(new ToolCall("call_4hrT4QP9jfojtK69vGiFCFjG", "get_image", "{}")), new Usage(46, 11)));

        assertAnswers(scenario, call(scenario, StreamListener.NONE));
    }

    @Test
    void honoursOpenAisMillisecondRetryAfter() {
        RecordedResponse limited = errorAnswer(429, "slow down").withHeader("retry-after-ms", "1500").withHeader("retry-after", "9");
        try (WireReplayServer server = WireReplayServer.answering(limited)) {
            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> provider("limited", server.url("/v1"), API_KEY).chat(textAnswer().request(), StreamListener.NONE));

            assertThat(failure.retryAfterMillis()).isEqualTo(1_500);
        }
    }

    @Test
    void measuresAnHttpDateRetryAfterFromTheClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);
        RecordedResponse limited = errorAnswer(503, "busy").withHeader("retry-after", "Fri, 01 May 2026 12:00:30 GMT");
        try (WireReplayServer server = WireReplayServer.answering(limited)) {
            OpenAiProvider provider = open(OpenAiConfig.builder("dated").apiKey(API_KEY).baseUrl(server.url("/v1")).build(), clock);

            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> provider.chat(textAnswer().request(), StreamListener.NONE));

            assertThat(failure.retryAfterMillis()).isEqualTo(30_000);
        }
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeIsRetryable() {
        try (WireReplayServer server = WireReplayServer.silent()) {
            OpenAiProvider provider = open(OpenAiConfig.builder("slow").apiKey(API_KEY).baseUrl(server.url("/v1"))
                    .requestTimeout(Duration.ofMillis(300)).build(), Clock.systemUTC());

            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> provider.chat(textAnswer().request(), StreamListener.NONE));

            assertThat(failure.status()).isZero();
            assertThat(failure.getMessage()).contains("no complete answer").contains("PT0.3S");
        }
    }

    @Test
    void sendsNoAuthorizationToALocalServerThatNeedsNoKey() {
        ProviderScenario scenario = textAnswer();
        try (WireReplayServer server = WireReplayServer.replaying(scenario.cassette())) {
            assertAnswers(scenario, provider("local", server.url("/v1"), "").chat(scenario.request(), StreamListener.NONE));

            assertThat(server.onlyRequest().headers()).doesNotContainKeys("authorization", "api-key");
        }
    }

    @Test
    void aToolWhoseSchemaIsNotAnObjectIsAnInvalidRequest() {
        ToolDefinition broken = new ToolDefinition("broken", "", Json.tree(List.of("not", "an", "object")));
        ChatRequest request = new ChatRequest("gpt-4o", List.of(new Message.User("hi")), List.of(broken), 0);
        try (WireReplayServer server = WireReplayServer.answering()) {
            InvalidRequestException failure = catchThrowableOfType(InvalidRequestException.class,
                    () -> provider("tools", server.url("/v1"), API_KEY).chat(request, StreamListener.NONE));

            assertThat(failure.getMessage()).contains("broken");
            assertThat(server.received()).isEmpty();
        }
    }

    private ReceivedRequest assertSentAsRecorded(ProviderScenario scenario, StreamListener listener) {
        return assertSentAsRecorded(scenario, listener, false);
    }

    private ReceivedRequest assertSentAsRecorded(ProviderScenario scenario, StreamListener listener, boolean failureExpected) {
        ReceivedRequest sent = SentBodies.sendOnce(scenario, baseUrl -> provider("under-test", baseUrl, API_KEY), API_KEY,
                listener, failureExpected);
        assertThat(SentBodies.comparable(sent.json(), NOT_SENT_BY_CAIRN))
                .isEqualTo(SentBodies.comparable(scenario.cassette().request(0).body(), NOT_SENT_BY_CAIRN));
        return sent;
    }

    private static List<ToolDefinition> tools(RecordedRequest recorded) {
        return SentBodies.tools(recorded);
    }
}
