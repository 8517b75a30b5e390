package dev.cairn.core.model;

/** The provider rejected the credentials (401) or the permission (403). Repeating will not help. */
public final class ProviderAuthException extends ProviderException {

    public ProviderAuthException(String provider, int status, String message, Throwable cause) {
        super(provider, status, message, cause);
    }

    @Override
    public String type() {
        return "provider_auth_failed";
    }
}
