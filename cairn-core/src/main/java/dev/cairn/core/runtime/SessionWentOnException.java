package dev.cairn.core.runtime;

import dev.cairn.core.ConflictException;

/**
 * Thrown when messages were to continue a session from a point it has since gone on from (another
 * user message was appended after it); nothing was appended.
 */
public final class SessionWentOnException extends ConflictException {

    public SessionWentOnException(String sessionId, long afterSeq, long messageSeq) {
        super("session '" + sessionId + "' went on after event " + afterSeq + ": user message at event " + messageSeq
                + " follows it");
    }
}
