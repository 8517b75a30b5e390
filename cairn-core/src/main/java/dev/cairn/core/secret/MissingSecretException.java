package dev.cairn.core.secret;

import dev.cairn.core.CairnException;

/** A tool needs a secret its tenant does not have. The message names the secret. */
public final class MissingSecretException extends CairnException {

    private final String name;

    public MissingSecretException(String name) {
        super("secret '" + name + "' is not set in this tenant (an operator sets it with PUT /v1/secrets/" + name + ")");
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "secret_missing";
    }
}
