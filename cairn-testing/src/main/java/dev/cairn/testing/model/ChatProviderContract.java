package dev.cairn.testing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.ProviderAuthException;
import dev.cairn.core.model.ProviderRejectedException;
import dev.cairn.core.model.RetryableProviderException;
import dev.cairn.core.model.StreamListener;
import dev.cairn.testing.wire.RecordedResponse;
import dev.cairn.testing.wire.WireReplayServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link ChatProvider} must do, checked against a real HTTP server replaying the
 * provider's wire format: read text, tool calls (several at once too) and usage; answer after
 * tool results; stream text in order and return the same complete answer; make exactly one
 * HTTP request per call; and map failures precisely (429 and 5xx retryable with the
 * provider's {@code Retry-After}, 401/403 an authentication failure that never shows the key,
 * other 4xx rejected with the provider's message, no answer at all retryable).
 *
 * <p>A provider's test extends this class and supplies the provider and its scenarios.
 */
public abstract class ChatProviderContract {

    /** The key every provider under test is given; no message may contain it. */
    protected static final String API_KEY = "sk-cairn-test-0123456789abcdefghijklmnop";

    /** A provider, named {@code name}, that sends to {@code baseUrl} with {@code apiKey}. */
    protected abstract ChatProvider provider(String name, URI baseUrl, String apiKey);

    /** A plain text answer, not streamed. */
    protected abstract ProviderScenario textAnswer();

    /** An answer that calls one tool, not streamed. */
    protected abstract ProviderScenario toolCall();

    /** A transcript that ends with a tool's result, answered with text. */
    protected abstract ProviderScenario answerAfterToolResult();

    /** An answer that calls two or more tools at once. */
    protected abstract ProviderScenario parallelToolCalls();

    /** A streamed text answer. */
    protected abstract ProviderScenario streamedText();

    /** A streamed answer that calls a tool. */
    protected abstract ProviderScenario streamedToolCall();

    /** The provider's error body for {@code status}, carrying {@code message} where the provider puts it. */
    protected abstract RecordedResponse errorAnswer(int status, String message);

    @Test
    void readsATextAnswer() {
        assertAnswers(textAnswer(), call(textAnswer(), StreamListener.NONE));
    }

    @Test
    void readsAToolCall() {
        assertAnswers(toolCall(), call(toolCall(), StreamListener.NONE));
    }

    @Test
    void answersAfterAToolResult() {
        assertAnswers(answerAfterToolResult(), call(answerAfterToolResult(), StreamListener.NONE));
    }

    @Test
    void readsSeveralToolCallsAtOnce() {
        ProviderScenario scenario = parallelToolCalls();
        assertThat(scenario.expected().toolCalls()).hasSizeGreaterThan(1);
        assertAnswers(scenario, call(scenario, StreamListener.NONE));
    }

    @Test
    void streamsTextInOrderAndReturnsTheWholeAnswer() {
        List<String> deltas = new ArrayList<>();
        ProviderScenario scenario = streamedText();
        ChatResponse response = call(scenario, deltas::add);

        assertAnswers(scenario, response);
        assertThat(deltas).hasSizeGreaterThan(1).doesNotContain("");
        assertThat(String.join("", deltas)).isEqualTo(scenario.expected().text());
    }

    @Test
    void assemblesStreamedToolCalls() {
        List<String> deltas = new ArrayList<>();
        ProviderScenario scenario = streamedToolCall();
        ChatResponse response = call(scenario, deltas::add);

        assertAnswers(scenario, response);
        assertThat(String.join("", deltas)).isEqualTo(scenario.expected().text());
    }

    @Test
    void aRateLimitIsRetryableAndCarriesRetryAfter() {
        RecordedResponse limited = errorAnswer(429, "Rate limit reached for requests").withHeader("retry-after", "7");

        RetryableProviderException failure = failure(limited, RetryableProviderException.class);

        assertThat(failure.status()).isEqualTo(429);
        assertThat(failure.retryAfterMillis()).isEqualTo(7_000);
        assertThat(failure.type()).isEqualTo("provider_rate_limited");
        assertThat(failure.getMessage()).contains("Rate limit reached for requests");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 529})
    void serverFailuresAreRetryable(int status) {
        RetryableProviderException failure = failure(errorAnswer(status, "The server is overloaded"), RetryableProviderException.class);

        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.provider()).isEqualTo("under-test");
        assertThat(failure.type()).isEqualTo("provider_unavailable");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void aRefusedKeyIsAnAuthenticationFailureThatNeverShowsTheKey(int status) {
        RecordedResponse refused = errorAnswer(status, "Incorrect API key provided: " + API_KEY + ". Or is it "
                + API_KEY.substring(0, 8) + "****" + API_KEY.substring(API_KEY.length() - 4) + "?");

        ProviderAuthException failure = failure(refused, ProviderAuthException.class);

        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.getMessage()).contains("API key").doesNotContain(API_KEY)
                .doesNotContain(API_KEY.substring(API_KEY.length() - 4));
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            assertThat(cause.getMessage()).doesNotContain(API_KEY);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422})
    void otherClientErrorsAreRejectedWithTheProvidersMessage(int status) {
        ProviderRejectedException failure = failure(
                errorAnswer(status, "Invalid 'max_output_tokens': integer below minimum value."), ProviderRejectedException.class);

        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.getMessage()).contains("Invalid 'max_output_tokens': integer below minimum value.");
    }

    @Test
    void makesOneRequestPerCallSoTheRuntimeOwnsRetries() {
        ProviderScenario scenario = textAnswer();
        try (WireReplayServer server = WireReplayServer.replaying(scenario.cassette())
                .answerFirst(errorAnswer(503, "try again"))) {
            ChatProvider provider = provider("under-test", server.url(scenario.basePath()), API_KEY);

            assertThatThrownBy(() -> provider.chat(scenario.request(), StreamListener.NONE))
                    .isInstanceOf(RetryableProviderException.class);
            assertThat(server.received()).hasSize(1);
            assertAnswers(scenario, provider.chat(scenario.request(), StreamListener.NONE));
            assertThat(server.received()).hasSize(2);
        }
    }

    @Test
    void anUnreachableProviderIsRetryable() {
        URI closed;
        try (WireReplayServer server = WireReplayServer.answering()) {
            closed = server.url(textAnswer().basePath());
        }
        ChatProvider provider = provider("under-test", closed, API_KEY);

        RetryableProviderException failure = catchThrowableOfType(RetryableProviderException.class,
                () -> provider.chat(textAnswer().request(), StreamListener.NONE));

        assertThat(failure).isNotNull();
        assertThat(failure.status()).isZero();
        assertThat(failure.getMessage()).doesNotContain(API_KEY);
    }

    /** Replays the scenario's cassette and makes its call. */
    protected ChatResponse call(ProviderScenario scenario, StreamListener listener) {
        try (WireReplayServer server = WireReplayServer.replaying(scenario.cassette())) {
            return provider("under-test", server.url(scenario.basePath()), API_KEY).chat(scenario.request(), listener);
        }
    }

    /** Asserts that the response holds what the scenario expects. */
    protected static void assertAnswers(ProviderScenario scenario, ChatResponse response) {
        ProviderScenario.Expected expected = scenario.expected();
        assertThat(response.message().text()).isEqualTo(expected.text());
        assertThat(response.message().toolCalls()).containsExactlyElementsOf(expected.toolCalls());
        assertThat(response.usage()).isEqualTo(expected.usage());
        assertThat(response.finishReason()).isEqualTo(expected.finishReason());
        assertThat(response.model()).isNotBlank();
    }

    private <T extends Throwable> T failure(RecordedResponse answer, Class<T> type) {
        ProviderScenario scenario = textAnswer();
        try (WireReplayServer server = WireReplayServer.answering(answer)) {
            ChatProvider provider = provider("under-test", server.url(scenario.basePath()), API_KEY);
            T failure = catchThrowableOfType(type, () -> provider.chat(scenario.request(), StreamListener.NONE));
            assertThat(failure).as("a %s for status %d", type.getSimpleName(), answer.status()).isNotNull();
            return failure;
        }
    }
}
