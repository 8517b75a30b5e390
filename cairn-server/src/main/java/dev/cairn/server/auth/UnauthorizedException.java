package dev.cairn.server.auth;

import dev.cairn.core.CairnException;

/** A request carried no API key, or one that is not known. Answered with 401. */
public final class UnauthorizedException extends CairnException {

    public UnauthorizedException(String message) {
        super(message);
    }

    @Override
    public String type() {
        return "unauthorized";
    }
}
