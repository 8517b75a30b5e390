package dev.cairn.core;

/**
 * The root of every exception Cairn throws on purpose. Unchecked; subclasses live in the
 * package of the concept they belong to. Failures that belong in a session's history are
 * recorded as events, not thrown.
 */
public abstract class CairnException extends RuntimeException {

    protected CairnException(String message) {
        super(message);
    }

    protected CairnException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A stable, machine-readable name for this kind of failure, used as the {@code type} of
     * API errors (for example {@code not_found}, {@code invalid_request}).
     */
    public abstract String type();
}
