package dev.cairn.core.model;

/** A failure that may pass when the same call is repeated later: rate limits, overload, 5xx, timeouts. */
public final class RetryableProviderException extends ProviderException {

    private final long retryAfterMillis;

    public RetryableProviderException(String provider, int status, String message, long retryAfterMillis, Throwable cause) {
        super(provider, status, message, cause);
        this.retryAfterMillis = Math.max(0, retryAfterMillis);
    }

    /** How long the provider asked us to wait, or 0 when it did not say. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    @Override
    public String type() {
        return status() == 429 ? "provider_rate_limited" : "provider_unavailable";
    }
}
