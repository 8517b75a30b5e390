package dev.cairn.core.store;

import dev.cairn.core.ConflictException;

/** An append expected a session's last sequence number that was no longer its last. */
public final class AppendConflictException extends ConflictException {

    private final String sessionId;
    private final long expectedLastSeq;
    private final long actualLastSeq;

    public AppendConflictException(String sessionId, long expectedLastSeq, long actualLastSeq) {
        super("append to session '" + sessionId + "' expected last sequence " + expectedLastSeq
                + " but it is " + actualLastSeq);
        this.sessionId = sessionId;
        this.expectedLastSeq = expectedLastSeq;
        this.actualLastSeq = actualLastSeq;
    }

    public String sessionId() {
        return sessionId;
    }

    public long expectedLastSeq() {
        return expectedLastSeq;
    }

    public long actualLastSeq() {
        return actualLastSeq;
    }

    @Override
    public String type() {
        return "append_conflict";
    }
}
