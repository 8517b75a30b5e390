package dev.cairn.core.store;

import dev.cairn.core.ConflictException;

/**
 * An append carried a fencing token that is no longer the session's current one: its writer has
 * lost the lease and must stop. Nothing of the append was stored.
 */
public final class FencedException extends ConflictException {

    private final String sessionId;
    private final long token;

    public FencedException(String sessionId, long token, long currentToken) {
        super("append to session '" + sessionId + "' carried fencing token " + token
                + " but the session's lease now has token " + currentToken + "; the writer lost its lease");
        this.sessionId = sessionId;
        this.token = token;
    }

    public String sessionId() {
        return sessionId;
    }

    public long token() {
        return token;
    }

    @Override
    public String type() {
        return "lease_lost";
    }
}
