package dev.cairn.core.model;

/** The provider rejected the request itself (400, 404, 422, ...). Repeating will not help. */
public final class ProviderRejectedException extends ProviderException {

    public ProviderRejectedException(String provider, int status, String message, Throwable cause) {
        super(provider, status, message, cause);
    }

    @Override
    public String type() {
        return "provider_rejected";
    }
}
