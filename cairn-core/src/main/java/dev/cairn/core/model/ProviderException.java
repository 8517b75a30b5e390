package dev.cairn.core.model;

import dev.cairn.core.CairnException;

/**
 * A model provider refused or failed a call. Subclasses of {@link RetryableProviderException}
 * may succeed when repeated; every other subclass will not.
 */
public abstract sealed class ProviderException extends CairnException
        permits RetryableProviderException, ProviderAuthException, ProviderRejectedException, CallRefusedException {

    private final String provider;
    private final int status;

    protected ProviderException(String provider, int status, String message, Throwable cause) {
        super("provider '" + provider + "' " + (status > 0 ? "answered " + status + ": " : "failed: ") + message, cause);
        this.provider = provider;
        this.status = status;
    }

    /** The provider's configured name. */
    public String provider() {
        return provider;
    }

    /** The HTTP status the provider answered, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
