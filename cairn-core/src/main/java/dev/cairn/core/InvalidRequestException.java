package dev.cairn.core;

/** Thrown when a request is well-formed but asks for something that cannot be done as asked. */
public final class InvalidRequestException extends CairnException {

    public InvalidRequestException(String message) {
        super(message);
    }

    @Override
    public String type() {
        return "invalid_request";
    }
}
