package dev.cairn.models.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import dev.cairn.models.FailureText;
import dev.cairn.core.model.ProviderErrors;
import dev.cairn.core.model.ProviderException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Maps the SDK's failures to Cairn's, through {@link ProviderErrors} only: an HTTP status
 * keeps its meaning (429 and 5xx retryable, 401/403 authentication, other 4xx rejected, with
 * the provider's own error message and any {@code Retry-After}); no answer at all (refused
 * connection, timeout) is retryable; an answer that is not an OpenAI answer is rejected.
 *
 * <p>No message carries the API key: the configured key and anything shaped like an OpenAI
 * key are masked, and an authentication failure keeps no SDK exception as its cause, since
 * OpenAI echoes part of a refused key in its message. Thread-safe.
 */
final class OpenAiFailures {

    /** Error codes of a failed answer that may pass when the call is repeated. */
    private static final Set<String> RETRYABLE_CODES = Set.of("", "server_error", "rate_limit_exceeded", "vector_store_timeout");

    private final OpenAiConfig config;
    private final Clock clock;

    OpenAiFailures(OpenAiConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    ProviderException map(OpenAIException failure) {
        return switch (failure) {
            case SseException streamed -> failedAnswer(streamed.code().or(streamed::type).orElse(""), errorMessage(streamed));
            case OpenAIServiceException answered -> fromStatus(answered);
            case OpenAIIoException io -> unreachable(io);
            case OpenAIInvalidDataException invalid -> ProviderErrors.fromStatus(config.name(), 200,
                    redact("the answer is not a " + config.wireApi().label() + " answer (is " + config.baseUrl()
                            + " an OpenAI-compatible API?): " + describe(invalid)), 0, invalid);
            default -> ProviderErrors.unreachable(config.name(), redact("the call failed: " + describe(failure)), failure);
        };
    }

    /**
     * A failure reported inside a successful HTTP answer (a failed response, an error event
     * in a stream): retryable when its code says the service failed or was busy.
     */
    ProviderException failedAnswer(String code, String message) {
        String text = redact("the answer failed" + (code.isEmpty() ? "" : " (" + code + ")") + ": " + message);
        return RETRYABLE_CODES.contains(code)
                ? ProviderErrors.unreachable(config.name(), text, null)
                : ProviderErrors.fromStatus(config.name(), 200, text, 0, null);
    }

    /** A stream that ended before the answer did (the SDK's accumulator refused to finish it): retryable. */
    ProviderException endedEarly(IllegalStateException incomplete) {
        return ProviderErrors.unreachable(config.name(), redact("the answer's stream ended early: " + incomplete.getMessage()), incomplete);
    }

    private ProviderException fromStatus(OpenAIServiceException answered) {
        int status = answered.statusCode();
        long retryAfterMillis = RetryAfter.millis(name -> answered.headers().values(name), clock);
        if (status == 401 || status == 403) {
            String refused = status == 401 ? "the API key was refused" : "the API key lacks permission";
            return ProviderErrors.fromStatus(config.name(), status,
                    redact(refused + " by " + config.baseUrl() + ": " + errorMessage(answered)), retryAfterMillis, null);
        }
        return ProviderErrors.fromStatus(config.name(), status, redact(errorMessage(answered)), retryAfterMillis, answered);
    }

    private ProviderException unreachable(OpenAIIoException io) {
        String message = timedOut(io)
                ? "no complete answer from " + config.baseUrl() + " within " + config.requestTimeout()
                : "cannot reach " + config.baseUrl() + ": " + describe(io);
        return ProviderErrors.unreachable(config.name(), redact(message), io);
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException
                    || cause instanceof InterruptedIOException && "timeout".equals(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The provider's own words: {@code error.message} of the body (OpenAI), {@code message}
     * (vLLM), {@code detail} or a string {@code error} (other compatible servers), else the
     * body itself.
     */
    private static String errorMessage(OpenAIServiceException answered) {
        JsonNode body;
        try {
            body = answered.body().convert(JsonNode.class);
        } catch (RuntimeException unreadable) {
            body = null;
        }
        if (body == null || body.isMissingNode() || body.isNull() || body.isEmpty() && !body.isValueNode()) {
            return "the answer carried no error message";
        }
        for (JsonNode candidate : List.of(body.path("error").path("message"), body.path("message"), body.path("detail"), body.path("error"))) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText();
            }
        }
        return body.toString();
    }

    private static String describe(Throwable failure) {
        return FailureText.describe(failure);
    }

    private String redact(String message) {
        return FailureText.redact(message, config.apiKey());
    }
}
