package dev.cairn.core.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A change to a current memory, stored as its next version. A null part is left as it is; new
 * text always comes with its embedding.
 *
 * @param text      the new text, or null to keep it
 * @param metadata  the new metadata (it replaces the old as a whole), or null to keep it
 * @param embedding the new text's embedding; given exactly when {@code text} is
 */
public record MemoryEdit(String text, ObjectNode metadata, Embedding embedding) {

    public MemoryEdit {
        if ((text == null) != (embedding == null)) {
            throw new IllegalArgumentException("new text and its embedding go together");
        }
        if (text == null && metadata == null) {
            throw new IllegalArgumentException("an edit changes the text, the metadata or both");
        }
        metadata = metadata == null ? null : metadata.deepCopy();
    }
}
