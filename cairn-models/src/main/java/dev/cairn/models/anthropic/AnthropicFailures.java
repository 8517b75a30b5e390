package dev.cairn.models.anthropic;

import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.SseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.models.FailureText;
import dev.cairn.core.model.ProviderErrors;
import dev.cairn.core.model.ProviderException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Maps the SDK's failures to Cairn's, through {@link ProviderErrors} only: 429, 529 (overloaded)
 * and 5xx retryable with Anthropic's {@code retry-after}; 401/403 authentication; other 4xx
 * rejected with the API's {@code error.message}; no answer at all retryable; an error event
 * inside a stream retryable when Anthropic says it is overloaded or failed, rejected otherwise.
 *
 * <p>No message carries the API key: the configured key and anything shaped like one are
 * masked, and an authentication failure keeps no SDK exception as its cause. Thread-safe.
 */
final class AnthropicFailures {

    private static final List<String> RETRYABLE_STREAM_ERRORS = List.of("overloaded_error", "api_error", "rate_limit_error");
    private static final long MAX_RETRY_AFTER_MILLIS = Duration.ofHours(1).toMillis();

    private final AnthropicConfig config;
    private final Clock clock;

    AnthropicFailures(AnthropicConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    ProviderException map(AnthropicException failure) {
        return switch (failure) {
            case SseException streamed -> streamError(streamed);
            case AnthropicServiceException answered -> fromStatus(answered);
            case AnthropicIoException io -> unreachable(io);
            case AnthropicInvalidDataException invalid -> ProviderErrors.fromStatus(config.name(), 200,
                    redact("the answer is not a Messages API answer (is " + config.baseUrl() + " Anthropic's API?): "
                            + describe(invalid)), 0, invalid);
            default -> ProviderErrors.unreachable(config.name(), redact("the call failed: " + describe(failure)), failure);
        };
    }

    /** A stream that ended before the answer did: retryable. */
    ProviderException endedEarly(RuntimeException incomplete) {
        return ProviderErrors.unreachable(config.name(), redact("the answer's stream ended early: " + describe(incomplete)), incomplete);
    }

    private ProviderException streamError(SseException streamed) {
        JsonNode body = body(streamed);
        String type = body.path("error").path("type").asText("");
        String text = redact("the answer failed" + (type.isEmpty() ? "" : " (" + type + ")") + ": " + errorMessage(body));
        return RETRYABLE_STREAM_ERRORS.contains(type) || type.isEmpty()
                ? ProviderErrors.unreachable(config.name(), text, null)
                : ProviderErrors.fromStatus(config.name(), 200, text, 0, null);
    }

    private ProviderException fromStatus(AnthropicServiceException answered) {
        int status = answered.statusCode();
        long retryAfterMillis = retryAfterMillis(answered.headers().values("retry-after"));
        String message = errorMessage(body(answered));
        if (status == 401 || status == 403) {
            String refused = status == 401 ? "the API key was refused" : "the API key lacks permission";
            return ProviderErrors.fromStatus(config.name(), status,
                    redact(refused + " by " + config.baseUrl() + ": " + message), retryAfterMillis, null);
        }
        return ProviderErrors.fromStatus(config.name(), status, redact(message), retryAfterMillis, answered);
    }

    private ProviderException unreachable(AnthropicIoException io) {
        String message = timedOut(io)
                ? "no complete answer from " + config.baseUrl() + " within " + config.requestTimeout()
                : "cannot reach " + config.baseUrl() + ": " + describe(io);
        return ProviderErrors.unreachable(config.name(), redact(message), io);
    }

    /** Anthropic's {@code retry-after}: seconds, or an HTTP date; 0 when absent or unreadable. */
    long retryAfterMillis(List<String> values) {
        if (values == null || values.isEmpty()) {
            return 0;
        }
        String value = values.getFirst().strip();
        long millis;
        if (value.matches("\\d{1,9}(\\.\\d{1,6})?")) {
            millis = (long) Math.ceil(Double.parseDouble(value) * 1000);
        } else {
            try {
                millis = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toMillis();
            } catch (DateTimeParseException unreadable) {
                millis = 0;
            }
        }
        return Math.min(Math.max(millis, 0), MAX_RETRY_AFTER_MILLIS);
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

    private static JsonNode body(AnthropicServiceException answered) {
        try {
            JsonNode body = answered.body().convert(JsonNode.class);
            return body == null ? dev.cairn.core.json.Json.object() : body;
        } catch (RuntimeException unreadable) {
            return dev.cairn.core.json.Json.object();
        }
    }

    /** The API's own words: {@code error.message}, else {@code message}, else the body itself. */
    private static String errorMessage(JsonNode body) {
        for (JsonNode candidate : List.of(body.path("error").path("message"), body.path("message"), body.path("error"))) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText();
            }
        }
        return body.isMissingNode() || body.isEmpty() ? "the answer carried no error message" : body.toString();
    }

    private static String describe(Throwable failure) {
        return FailureText.describe(failure);
    }

    private String redact(String message) {
        return FailureText.redact(message, config.apiKey());
    }
}
