package dev.cairn.core.secret;

import dev.cairn.core.CairnException;

/**
 * A stored secret cannot be opened: it was sealed with another key, or its row was altered or
 * moved to another tenant or name. The message names the secret, never a value.
 */
public final class SecretUnreadableException extends CairnException {

    SecretUnreadableException(String message) {
        super(message);
    }

    @Override
    public String type() {
        return "secret_unreadable";
    }
}
