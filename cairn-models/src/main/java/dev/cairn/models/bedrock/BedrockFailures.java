package dev.cairn.models.bedrock;

import dev.cairn.core.model.ProviderErrors;
import dev.cairn.core.model.ProviderException;
import dev.cairn.models.FailureText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * Maps the AWS SDK's failures to Cairn's, through {@link ProviderErrors} only: throttling, an
 * overloaded or failing service (including such an error inside a stream) and 5xx retryable,
 * with the answer's {@code retry-after} when it has one; 401/403 authentication; other 4xx
 * rejected with Bedrock's {@code message}; no answer at all, or none in time, retryable.
 *
 * <p>No message carries a credential: the configured access key id, secret key and session
 * token, and anything shaped like a key, are masked, and an authentication failure keeps no SDK
 * exception as its cause. Thread-safe.
 */
final class BedrockFailures {

    private static final long MAX_RETRY_AFTER_MILLIS = Duration.ofHours(1).toMillis();

    private final BedrockConfig config;

    BedrockFailures(BedrockConfig config) {
        this.config = config;
    }

    /** The Cairn failure for whatever a call threw or completed exceptionally with. */
    ProviderException map(Throwable thrown) {
        Throwable failure = unwrap(thrown);
        return switch (failure) {
            case ProviderException already -> already;
            case AwsServiceException answered -> fromService(answered);
            case ApiCallTimeoutException late -> timedOut(late);
            case ApiCallAttemptTimeoutException late -> timedOut(late);
            case SdkClientException unreachable -> ProviderErrors.unreachable(config.name(),
                    redact("cannot reach " + target() + ": " + FailureText.describe(unreachable)), unreachable);
            default -> ProviderErrors.unreachable(config.name(), redact("the call failed: " + FailureText.describe(failure)), failure);
        };
    }

    private ProviderException fromService(AwsServiceException answered) {
        int status = answered.statusCode();
        String message = answered.awsErrorDetails() == null || answered.awsErrorDetails().errorMessage() == null
                ? FailureText.describe(answered) : answered.awsErrorDetails().errorMessage();
        String code = answered.awsErrorDetails() == null || answered.awsErrorDetails().errorCode() == null
                ? "" : answered.awsErrorDetails().errorCode();
        String text = code.isEmpty() ? message : message + " (" + code + ")";
        long retryAfterMillis = retryAfterMillis(answered);
        if (status == 401 || status == 403) {
            String refused = "the credentials (API key) were refused by " + target();
            return ProviderErrors.fromStatus(config.name(), status, redact(refused + ": " + text), retryAfterMillis, null);
        }
        if (retryableInStream(answered) && status != 429 && status < 500) {
            // An error event inside a stream: Bedrock failed or was overloaded after answering 200.
            return ProviderErrors.unreachable(config.name(), redact("the answer failed: " + text), answered);
        }
        return ProviderErrors.fromStatus(config.name(), status < 400 ? 400 : status, redact(text), retryAfterMillis, answered);
    }

    private static boolean retryableInStream(AwsServiceException answered) {
        return answered instanceof ThrottlingException || answered instanceof ServiceUnavailableException
                || answered instanceof InternalServerException || answered instanceof ModelStreamErrorException
                || answered instanceof ModelTimeoutException || answered instanceof ModelNotReadyException;
    }

    private ProviderException timedOut(SdkClientException late) {
        return ProviderErrors.unreachable(config.name(),
                redact("no complete answer from " + target() + " within " + config.requestTimeout()), late);
    }

    /** Bedrock's {@code retry-after} in seconds; 0 when absent or unreadable. */
    private static long retryAfterMillis(AwsServiceException answered) {
        if (answered.awsErrorDetails() == null || answered.awsErrorDetails().sdkHttpResponse() == null) {
            return 0;
        }
        Optional<String> value = answered.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("retry-after");
        if (value.isEmpty() || !value.get().strip().matches("\\d{1,9}(\\.\\d{1,6})?")) {
            return 0;
        }
        long millis = (long) Math.ceil(Double.parseDouble(value.get().strip()) * 1000);
        return Math.min(millis, MAX_RETRY_AFTER_MILLIS);
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable failure = thrown;
        while ((failure instanceof CompletionException || failure instanceof ExecutionException
                || failure instanceof SdkClientException && failure.getCause() instanceof SdkException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private String target() {
        return config.baseUrl() != null ? config.baseUrl().toString() : "Bedrock in " + config.region();
    }

    private String redact(String message) {
        String redacted = message;
        for (String secret : List.of(config.secretAccessKey(), config.sessionToken(), config.accessKeyId())) {
            redacted = FailureText.redact(redacted, secret);
        }
        return redacted;
    }
}
