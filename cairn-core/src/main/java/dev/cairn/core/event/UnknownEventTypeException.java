package dev.cairn.core.event;

import dev.cairn.core.CairnException;

/**
 * A stored event names a type that is not in {@link EventTypes}, or its data does not decode
 * into that type. The data is never instantiated as anything else.
 */
public final class UnknownEventTypeException extends CairnException {

    public UnknownEventTypeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "corrupt_event";
    }
}
