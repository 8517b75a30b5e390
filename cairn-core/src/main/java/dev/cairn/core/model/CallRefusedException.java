package dev.cairn.core.model;

/**
 * The gateway refused to make a call: a policy denied every target, or a budget has no room
 * left. Nothing was sent to the provider, and repeating will not help.
 */
public final class CallRefusedException extends ProviderException {

    private final String type;

    /** @param type {@code policy_denied} or {@code budget_exhausted} */
    public CallRefusedException(String provider, String type, String message) {
        super(provider, 0, message, null);
        this.type = type;
    }

    @Override
    public String type() {
        return type;
    }
}
