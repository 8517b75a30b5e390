package dev.cairn.models.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ProviderErrors;
import dev.cairn.core.model.ProviderException;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.models.FailureText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@link ChatProvider} for Ollama's native {@code /api/chat}, over the JDK's HTTP client.
 *
 * <p>A call streams (newline-delimited JSON, text passed to the listener as it arrives) when the
 * caller passes a listener other than {@link StreamListener#NONE}, and sends
 * {@code "stream": false} otherwise; either way it returns the same complete
 * {@link ChatResponse}, with usage from {@code prompt_eval_count} and {@code eval_count}.
 *
 * <p>Failures go through {@link ProviderErrors}: 429 and 5xx retryable with the answer's
 * {@code retry-after}, 401/403 authentication, other 4xx rejected with Ollama's {@code error},
 * no answer (or none in time) retryable, and an {@code error} object inside a stream retryable.
 * One call is one HTTP request. Messages never contain the API key.
 *
 * <p>Thread-safe: one instance serves every session. {@link #close()} releases the HTTP client.
 */
public final class OllamaProvider implements ChatProvider, AutoCloseable {

    private static final long MAX_RETRY_AFTER_MILLIS = Duration.ofHours(1).toMillis();

    private final OllamaConfig config;
    private final HttpClient http;
    private final URI chatUri;

    private OllamaProvider(OllamaConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).version(HttpClient.Version.HTTP_1_1).build();
        String root = config.baseUrl().toString();
        this.chatUri = URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/api/chat");
    }

    /** A provider for the configured server. Opens no connection until the first call. */
    public static OllamaProvider create(OllamaConfig config) {
        return new OllamaProvider(Objects.requireNonNull(config, "config"));
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
    public OllamaConfig config() {
        return config;
    }

    /**
     * Sends one request to {@code /api/chat} and returns the complete answer.
     *
     * @throws dev.cairn.core.model.RetryableProviderException for 429, 5xx, a refused connection, a
     *         timeout, or an error inside a stream
     * @throws dev.cairn.core.model.ProviderAuthException      for 401 and 403
     * @throws dev.cairn.core.model.ProviderRejectedException  for any other 4xx, with Ollama's message
     * @throws dev.cairn.core.InvalidRequestException          when a tool's schema or a call's arguments are not a JSON object
     */
    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        Objects.requireNonNull(request, "request");
        StreamListener receiver = listener == null ? StreamListener.NONE : listener;
        boolean stream = receiver != StreamListener.NONE;
        HttpRequest.Builder post = HttpRequest.newBuilder(chatUri).timeout(config.requestTimeout())
                .header("content-type", "application/json")
                .header("accept", stream ? "application/x-ndjson" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(ChatWire.body(request, stream))));
        if (!config.apiKey().isEmpty()) {
            post.header("authorization", "Bearer " + config.apiKey());
        }
        try {
            HttpResponse<Stream<String>> response = http.send(post.build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = response.body()) {
                if (response.statusCode() != 200) {
                    throw failed(response, lines.collect(Collectors.joining("\n")));
                }
                return stream ? streamed(request, lines.iterator(), receiver) : answer(request, read(String.join("\n", lines.toList())));
            }
        } catch (HttpTimeoutException late) {
            throw ProviderErrors.unreachable(config.name(), redact("no answer from " + config.baseUrl() + " within "
                    + config.requestTimeout()), late);
        } catch (IOException | java.io.UncheckedIOException unreachable) {
            throw ProviderErrors.unreachable(config.name(), redact("cannot reach " + config.baseUrl() + ": "
                    + FailureText.describe(unreachable)), unreachable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw ProviderErrors.unreachable(config.name(), "the call was interrupted before " + config.baseUrl() + " answered", interrupted);
        }
    }

    private ChatResponse answer(ChatRequest request, JsonNode answer) {
        JsonNode message = answer.path("message");
        List<ToolCall> calls = ChatWire.toolCalls(message, 0);
        return new ChatResponse(new Message.Assistant(message.path("content").asText(""), calls), ChatWire.usage(answer),
                ChatWire.finishReason(answer, !calls.isEmpty()), answer.path("model").asText(request.model()));
    }

    private ChatResponse streamed(ChatRequest request, Iterator<String> lines, StreamListener listener) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isBlank()) {
                continue;
            }
            JsonNode chunk = read(line);
            if (chunk.hasNonNull("error")) {
                throw ProviderErrors.unreachable(config.name(), redact("the answer failed: " + chunk.path("error").asText()), null);
            }
            String delta = chunk.path("message").path("content").asText("");
            if (!delta.isEmpty()) {
                text.append(delta);
                listener.onTextDelta(delta);
            }
            calls.addAll(ChatWire.toolCalls(chunk.path("message"), calls.size()));
            if (chunk.path("done").asBoolean(false)) {
                return new ChatResponse(new Message.Assistant(text.toString(), calls), ChatWire.usage(chunk),
                        ChatWire.finishReason(chunk, !calls.isEmpty()), chunk.path("model").asText(request.model()));
            }
        }
        throw ProviderErrors.unreachable(config.name(), "the answer's stream ended before Ollama said it was done", null);
    }

    private JsonNode read(String json) {
        try {
            return Json.parse(json);
        } catch (JsonProcessingException notJson) {
            throw ProviderErrors.fromStatus(config.name(), 200, redact("the answer is not Ollama's JSON (is " + config.baseUrl()
                    + " an Ollama server?): " + FailureText.describe(notJson)), 0, null);
        }
    }

    private ProviderException failed(HttpResponse<?> response, String body) {
        int status = response.statusCode();
        String message = errorMessage(body);
        long retryAfterMillis = response.headers().firstValue("retry-after").map(String::strip)
                .filter(value -> value.matches("\\d{1,9}"))
                .map(value -> Math.min(Long.parseLong(value) * 1000, MAX_RETRY_AFTER_MILLIS)).orElse(0L);
        if (status == 401 || status == 403) {
            return ProviderErrors.fromStatus(config.name(), status,
                    redact("the API key was refused by " + config.baseUrl() + ": " + message), retryAfterMillis, null);
        }
        return ProviderErrors.fromStatus(config.name(), status, redact(message), retryAfterMillis, null);
    }

    /** Ollama's own words: {@code error}, else the body itself. */
    private static String errorMessage(String body) {
        try {
            JsonNode error = Json.parse(body).path("error");
            if (error.isTextual() && !error.asText().isBlank()) {
                return error.asText();
            }
        } catch (JsonProcessingException notJson) {
            // the body itself says what there is to say
        }
        return body.isBlank() ? "the answer carried no error message" : body;
    }

    private String redact(String message) {
        return FailureText.redact(message, config.apiKey());
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "OllamaProvider[" + config + "]";
    }
}
