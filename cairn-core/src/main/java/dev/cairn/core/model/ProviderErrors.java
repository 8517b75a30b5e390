package dev.cairn.core.model;

/** The one place where an HTTP status from a provider becomes a Cairn exception. */
public final class ProviderErrors {

    private ProviderErrors() {
    }

    /**
     * Maps a provider's HTTP status: 429, 408, 409 and 5xx are retryable; 401 and 403 are
     * authentication failures; every other status is a rejected request.
     */
    public static ProviderException fromStatus(String provider, int status, String message, long retryAfterMillis, Throwable cause) {
        if (status == 429 || status == 408 || status == 409 || status >= 500) {
            return new RetryableProviderException(provider, status, message, retryAfterMillis, cause);
        }
        if (status == 401 || status == 403) {
            return new ProviderAuthException(provider, status,
                    message + " (check the provider's API key)", cause);
        }
        return new ProviderRejectedException(provider, status, message, cause);
    }

    /** A call that got no answer at all (connection refused, timeout): retryable. */
    public static ProviderException unreachable(String provider, String message, Throwable cause) {
        return new RetryableProviderException(provider, 0, message, 0, cause);
    }
}
