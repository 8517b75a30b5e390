package dev.cairn.core;

/** Thrown when a request conflicts with the current state (for example a busy session whose policy rejects new messages). */
public class ConflictException extends CairnException {

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public String type() {
        return "conflict";
    }
}
