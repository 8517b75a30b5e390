package dev.cairn.server.config;

import dev.cairn.core.CairnException;

/** The configuration cannot be used; the message names the key and the bad value. */
public final class ConfigException extends CairnException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "invalid_config";
    }
}
