package dev.cairn.core.model;

/** A failure that may pass when the same call is repeated later: rate limits, overload, 5xx, timeouts. */
public final class RetryableProviderException extends ProviderException {

    private final long retryAfterMillis;
    private final boolean timedOut;

    public RetryableProviderException(String provider, int status, String message, long retryAfterMillis, Throwable cause) {
        this(provider, status, message, retryAfterMillis, cause, false);
    }

    private RetryableProviderException(String provider, int status, String message, long retryAfterMillis, Throwable cause,
                                       boolean timedOut) {
        super(provider, status, message, cause);
        this.retryAfterMillis = Math.max(0, retryAfterMillis);
        this.timedOut = timedOut;
    }

    /** The call got no complete answer within the time a step may take. */
    public static RetryableProviderException timedOut(String provider, String message) {
        return new RetryableProviderException(provider, 0, message, 0, null, true);
    }

    /** How long the provider asked us to wait, or 0 when it did not say. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    @Override
    public String type() {
        if (timedOut) {
            return "step_timeout";
        }
        return status() == 429 ? "provider_rate_limited" : "provider_unavailable";
    }
}
