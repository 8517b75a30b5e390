package dev.cairn.models.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.Timeout;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ChatProvider} for Anthropic's Messages API, through the official
 * {@code anthropic-java} SDK.
 *
 * <p>A call streams (server-sent events, text passed to the listener as it arrives, tool input
 * assembled from {@code input_json_delta}) when the caller passes a listener other than
 * {@link StreamListener#NONE}; either way it returns the same complete {@link ChatResponse}.
 *
 * <p>The SDK's own retries are off: the runtime retries every provider through one policy, so
 * this class makes exactly one HTTP request per call. Messages never contain the API key.
 *
 * <p>Thread-safe: one instance serves every session. {@link #close()} releases the HTTP
 * connections; the provider must not be called after it.
 */
public final class AnthropicProvider implements ChatProvider, AutoCloseable {

    private final AnthropicConfig config;
    private final AnthropicClient client;
    private final AnthropicFailures failures;

    private AnthropicProvider(AnthropicConfig config, Clock clock) {
        this.config = config;
        this.client = client(config);
        this.failures = new AnthropicFailures(config, clock);
    }

    private static AnthropicClient client(AnthropicConfig config) {
        AnthropicOkHttpClient.Builder client = AnthropicOkHttpClient.builder()
                .baseUrl(config.baseUrl().toString())
                .maxRetries(0)
                .timeout(Timeout.builder().connect(config.requestTimeout()).read(config.requestTimeout())
                        .write(config.requestTimeout()).request(config.requestTimeout()).build());
        // The key goes as x-api-key, the Messages API's own header, set here rather than through
        // the SDK's credential resolution, which sends a bearer token and reads the environment.
        if (!config.apiKey().isEmpty()) {
            client.putHeader("x-api-key", config.apiKey());
        }
        return client.build();
    }

    /** A provider for the configured endpoint. Opens no connection until the first call. */
    public static AnthropicProvider create(AnthropicConfig config) {
        return create(config, Clock.systemUTC());
    }

    /** As {@link #create(AnthropicConfig)}, measuring an HTTP-date {@code retry-after} from {@code clock}. */
    static AnthropicProvider create(AnthropicConfig config, Clock clock) {
        return new AnthropicProvider(Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public String name() {
        return config.name();
    }

    /** The configured region, or an empty string. */
    @Override
    public String region() {
        return config.region();
    }

    /** The host of the configured base URL. */
    @Override
    public String endpointHost() {
        return config.baseUrl().getHost();
    }

    /** The configuration this provider was made from. */
    public AnthropicConfig config() {
        return config;
    }

    /**
     * Sends one request to {@code /v1/messages} and returns the complete answer.
     *
     * @throws dev.cairn.core.model.RetryableProviderException for 429, 529, 5xx (with Anthropic's
     *         {@code retry-after}), a refused connection, a timeout, or an overloaded stream
     * @throws dev.cairn.core.model.ProviderAuthException      for 401 and 403
     * @throws dev.cairn.core.model.ProviderRejectedException  for any other 4xx, with the API's message
     * @throws dev.cairn.core.InvalidRequestException          when a tool's schema or a call's arguments are not a JSON object
     */
    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        Objects.requireNonNull(request, "request");
        StreamListener receiver = listener == null ? StreamListener.NONE : listener;
        MessageCreateParams params = MessagesWire.params(request, config.maxOutputTokens());
        try {
            com.anthropic.models.messages.Message answer = receiver == StreamListener.NONE
                    ? client.messages().create(params)
                    : stream(params, receiver);
            return response(answer);
        } catch (AnthropicException failure) {
            throw failures.map(failure);
        }
    }

    private com.anthropic.models.messages.Message stream(MessageCreateParams params, StreamListener listener) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(params)) {
            events.stream().forEach(event -> {
                accumulator.accumulate(event);
                event.contentBlockDelta().flatMap(delta -> delta.delta().text())
                        .map(text -> text.text()).filter(text -> !text.isEmpty()).ifPresent(listener::onTextDelta);
            });
        }
        try {
            return accumulator.message();
        } catch (IllegalStateException | AnthropicException incomplete) {
            throw failures.endedEarly(incomplete);
        }
    }

    private static ChatResponse response(com.anthropic.models.messages.Message answer) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : answer.content()) {
            block.text().ifPresent(textBlock -> text.append(textBlock.text()));
            block.toolUse().ifPresent(toolUse -> calls.add(toolCall(toolUse)));
        }
        Usage usage = new Usage(answer.usage().inputTokens(), answer.usage().outputTokens());
        String finishReason = answer.stopReason().map(AnthropicProvider::finishReason).orElse("");
        return new ChatResponse(new Message.Assistant(text.toString(), calls), usage, finishReason, answer.model().asString());
    }

    private static ToolCall toolCall(ToolUseBlock toolUse) {
        JsonNode input = toolUse._input().convert(JsonNode.class);
        return new ToolCall(toolUse.id(), toolUse.name(), input == null || input.isNull() ? "{}" : Json.write(input));
    }

    /** Anthropic's stop reason in Cairn's words: {@code stop}, {@code tool_calls} or {@code length}. */
    static String finishReason(StopReason reason) {
        return switch (reason.asString()) {
            case "end_turn", "stop_sequence", "pause_turn" -> "stop";
            case "tool_use" -> "tool_calls";
            case "max_tokens", "model_context_window_exceeded" -> "length";
            default -> reason.asString();
        };
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "AnthropicProvider[" + config + "]";
    }
}
