package dev.cairn.server.auth;

import dev.cairn.core.CairnException;

/** A known API key asked for something its role does not allow. Answered with 403. */
public final class ForbiddenException extends CairnException {

    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public String type() {
        return "forbidden";
    }
}
