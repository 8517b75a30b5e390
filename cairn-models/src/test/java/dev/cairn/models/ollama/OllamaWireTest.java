package dev.cairn.models.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.ValidationException;
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
import dev.cairn.testing.wire.ReceivedRequest;
import dev.cairn.testing.wire.RecordedRequest;
import dev.cairn.testing.wire.RecordedResponse;
import dev.cairn.testing.wire.WireReplayServer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Ollama provider against {@code /api/chat} cassettes written from Ollama's API
 * documentation (see {@code ollama-wire/README.md}): no recorded Ollama traffic exists.
 */
class OllamaWireTest extends ChatProviderContract {

    private static final Cassette TEXT = cassette("chat_text.yaml");
    private static final Cassette WEATHER = cassette("chat_tool_call.yaml");
    private static final Cassette PARALLEL = cassette("chat_parallel_tool_calls.yaml");
    private static final Cassette STREAM = cassette("chat_stream.yaml");
    private static final Cassette TOOL_STREAM = cassette("chat_stream_tool_call.yaml");
    private static final ToolCall PARIS = new ToolCall("call_0", "get_current_weather", "{\"format\":\"celsius\",\"location\":\"Paris, FR\"}");

    private final List<OllamaProvider> providers = new ArrayList<>();

    @AfterEach
    void closeProviders() {
        providers.forEach(OllamaProvider::close);
    }

    private static Cassette cassette(String name) {
        try {
            return Cassette.load(Path.of(Objects.requireNonNull(OllamaWireTest.class.getResource("/ollama-wire/" + name), name).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected ChatProvider provider(String name, URI baseUrl, String apiKey) {
        OllamaProvider provider = OllamaProvider.create(OllamaConfig.builder(name).baseUrl(baseUrl).apiKey(apiKey).build());
        providers.add(provider);
        return provider;
    }

    @Override
    protected ProviderScenario textAnswer() {
        return new ProviderScenario(TEXT, "", new ChatRequest("llama3.2", List.of(new Message.System("You are a terse assistant."),
                new Message.User("why is the sky blue?")), List.of(), 0),
                Expected.text("Because air scatters blue light more than red light (Rayleigh scattering).", new Usage(26, 17)));
    }

    @Override
    protected ProviderScenario toolCall() {
        return new ProviderScenario(WEATHER, "", new ChatRequest("llama3.2",
                List.of(new Message.User("What is the weather today in Paris?")), tools(WEATHER.request(0)), 0),
                Expected.toolCalls(List.of(PARIS), new Usage(122, 33)));
    }

    @Override
    protected ProviderScenario answerAfterToolResult() {
        return new ProviderScenario(WEATHER.skip(1), "", new ChatRequest("llama3.2", List.of(
                new Message.User("What is the weather today in Paris?"),
                new Message.Assistant("", List.of(PARIS)),
                new Message.ToolResult(PARIS.id(), PARIS.name(), "22 degrees, sunny", false)), tools(WEATHER.request(1)), 0),
                Expected.text("It is 22 degrees and sunny in Paris today.", new Usage(160, 13)));
    }

    @Override
    protected ProviderScenario parallelToolCalls() {
        return new ProviderScenario(PARALLEL, "", new ChatRequest("llama3.2",
                List.of(new Message.User("What is the weather today in Paris and in Lyon?")), List.of(), 0),
                Expected.toolCalls(List.of(PARIS, new ToolCall("call_1", "get_current_weather",
                        "{\"format\":\"celsius\",\"location\":\"Lyon, FR\"}")), new Usage(128, 58)));
    }

    @Override
    protected ProviderScenario streamedText() {
        return new ProviderScenario(STREAM, "", new ChatRequest("llama3.2", List.of(new Message.User("why is the sky blue?")), List.of(), 0),
                Expected.text("The sky is blue because of Rayleigh scattering.", new Usage(26, 9)));
    }

    @Override
    protected ProviderScenario streamedToolCall() {
        return new ProviderScenario(TOOL_STREAM, "", new ChatRequest("llama3.2",
                List.of(new Message.User("What is the weather today in Paris?")), tools(TOOL_STREAM.request(0)), 0),
                new Expected("Let me check.", List.of(new ToolCall("call_0", "get_current_weather", "{\"location\":\"Paris, FR\"}")),
                        new Usage(122, 33), "tool_calls"));
    }

    /** Ollama's error shape: {@code {"error": "..."}}. */
    @Override
    protected RecordedResponse errorAnswer(int status, String message) {
        return RecordedResponse.json(status, Json.write(Json.object().put("error", message)));
    }

    @Test
    void sendsTheDocumentedRequests() {
        for (ProviderScenario scenario : List.of(textAnswer(), toolCall(), answerAfterToolResult(), parallelToolCalls())) {
            assertSentAsWritten(scenario, StreamListener.NONE);
        }
        for (ProviderScenario scenario : List.of(streamedText(), streamedToolCall())) {
            assertSentAsWritten(scenario, delta -> { });
        }
    }

    @Test
    void sendsTheOutputLimitAsNumPredictAndTheKeyAsABearerToken() {
        ChatRequest limited = new ChatRequest("llama3.2", List.of(new Message.User("why is the sky blue?")), List.of(), 64);
        try (WireReplayServer server = WireReplayServer.replaying(TEXT)) {
            provider("under-test", server.url(""), API_KEY).chat(limited, StreamListener.NONE);

            ReceivedRequest sent = server.onlyRequest();
            assertThat(sent.json().path("options").path("num_predict").asInt()).isEqualTo(64);
            assertThat(sent.header("authorization")).isEqualTo("Bearer " + API_KEY);
        }
    }

    @Test
    void aMissingModelIsRejectedWithOllamasMessage() {
        try (WireReplayServer server = WireReplayServer.replaying(cassette("chat_model_not_found.yaml"))) {
            ProviderRejectedException failure = catchThrowableOfType(ProviderRejectedException.class,
                    () -> provider("under-test", server.url(""), "").chat(new ChatRequest("llama9",
                            List.of(new Message.User("hello")), List.of(), 0), StreamListener.NONE));

            assertThat(failure.status()).isEqualTo(404);
            assertThat(failure.getMessage()).contains("model \"llama9\" not found, try pulling it first");
        }
    }

    @Test
    void anErrorInsideAStreamIsRetryable() {
        List<String> deltas = new ArrayList<>();
        try (WireReplayServer server = WireReplayServer.replaying(cassette("chat_stream_error.yaml"))) {
            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> provider("under-test", server.url(""), "").chat(streamedText().request(), deltas::add));

            assertThat(failure.getMessage()).contains("unexpected EOF");
            assertThat(deltas).containsExactly("The", " sky");
        }
    }

    @Test
    void aStreamThatEndsBeforeDoneIsRetryable() {
        String cut = STREAM.interaction(0).response().bodyText().lines().limit(3).reduce("", (all, line) -> all + line + "\n");
        try (WireReplayServer server = WireReplayServer.answering(new RecordedResponse(200,
                java.util.Map.of("content-type", List.of("application/x-ndjson")), cut.getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
            assertThatThrownBy(() -> provider("under-test", server.url(""), "").chat(streamedText().request(), delta -> { }))
                    .isInstanceOf(RetryableProviderException.class).hasMessageContaining("ended before");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutRetryably() {
        try (WireReplayServer server = WireReplayServer.silent()) {
            OllamaProvider provider = OllamaProvider.create(OllamaConfig.builder("under-test").baseUrl(server.url(""))
                    .requestTimeout(Duration.ofMillis(300)).build());
            providers.add(provider);

            RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                    () -> provider.chat(textAnswer().request(), StreamListener.NONE));

            assertThat(failure.status()).isZero();
            assertThat(failure.getMessage()).contains("within");
        }
    }

    @Test
    void namesTheHostItCallsAndTheConfiguredRegion() {
        OllamaProvider provider = OllamaProvider.create(OllamaConfig.builder("local").baseUrl("http://gpu-box.internal:11434")
                .region("eu-west").build());
        providers.add(provider);

        assertThat(provider.endpointHost()).isEqualTo("gpu-box.internal");
        assertThat(provider.region()).isEqualTo("eu-west");
        assertThat(OllamaConfig.builder("local").build().region()).isEmpty();
    }

    @Test
    void namesEveryBadValueWithoutShowingTheKey() {
        assertThatThrownBy(() -> OllamaConfig.builder("bad name").baseUrl("ftp://x").apiKey("has space " + API_KEY)
                .requestTimeout(Duration.ZERO).region("not a region").build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("bad name").hasMessageContaining("ftp://x").hasMessageContaining("timeout")
                .hasMessageContaining("region").hasMessageNotContaining(API_KEY);
        assertThat(OllamaConfig.builder("local").apiKey(API_KEY).build().toString()).doesNotContain(API_KEY);
    }

    private void assertSentAsWritten(ProviderScenario scenario, StreamListener listener) {
        RecordedRequest written = scenario.cassette().request(0);
        try (WireReplayServer server = WireReplayServer.replaying(scenario.cassette())) {
            provider("under-test", server.url(""), "").chat(scenario.request(), listener);
            ReceivedRequest sent = server.onlyRequest();
            assertThat(sent.path()).isEqualTo("/api/chat");
            assertThat(sent.header("content-type")).startsWith("application/json");
            assertThat(sent.header("authorization")).isEmpty();
            assertThat(sent.json()).as(scenario.cassette().origin()).isEqualTo(written.body());
        }
    }

    private static List<ToolDefinition> tools(RecordedRequest recorded) {
        List<ToolDefinition> tools = new ArrayList<>();
        for (JsonNode tool : recorded.body().path("tools")) {
            JsonNode function = tool.path("function");
            tools.add(new ToolDefinition(function.get("name").asText(), function.path("description").asText(""), function.get("parameters")));
        }
        return tools;
    }
}
