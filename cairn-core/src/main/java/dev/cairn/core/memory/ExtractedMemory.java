package dev.cairn.core.memory;

import java.util.Objects;

/**
 * One memory a model extracted from a conversation, with what to do about the memories it was
 * shown.
 *
 * @param action   {@link Action#ADD} a new item, {@link Action#UPDATE} the item {@code targetId}
 *                 that says the same (with this text, which may refine it), or
 *                 {@link Action#SUPERSEDE} the item {@code targetId} that this contradicts
 * @param kind     {@code fact}, {@code preference} or {@code summary}
 * @param text     the memory, as a self-contained sentence
 * @param targetId the existing item updated or superseded; null for {@link Action#ADD}
 */
public record ExtractedMemory(Action action, String kind, String text, String targetId) {

    public enum Action {
        ADD, UPDATE, SUPERSEDE
    }

    public ExtractedMemory {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if ((action == Action.ADD) != (targetId == null)) {
            throw new IllegalArgumentException(action + " " + (targetId == null ? "needs" : "takes no") + " target id");
        }
    }
}
