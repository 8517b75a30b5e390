package dev.cairn.core.model;

/**
 * Receives a model's answer as it is written. Called on the thread making the call; must not block.
 */
@FunctionalInterface
public interface StreamListener {

    StreamListener NONE = delta -> { };

    /** A piece of the answer's text, in order. */
    void onTextDelta(String delta);
}
