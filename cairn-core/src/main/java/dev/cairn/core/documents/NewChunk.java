package dev.cairn.core.documents;

import dev.cairn.core.memory.Embedding;
import java.util.Objects;

/**
 * A piece of a document's extracted text, ready to store.
 *
 * @param ordinal     its position among the document's chunks, from 0
 * @param text        the text
 * @param startOffset where it starts in the document's extracted text (a char index)
 * @param endOffset   where it ends there (exclusive)
 * @param page        the page it starts on, from 1, or null when the format has no pages
 * @param embedding   its vector and the model that made it
 */
public record NewChunk(int ordinal, String text, int startOffset, int endOffset, Integer page, Embedding embedding) {

    public NewChunk {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(embedding, "embedding");
        if (ordinal < 0 || startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException("a chunk needs a position from 0 and offsets in order, got " + ordinal
                    + " at " + startOffset + ".." + endOffset);
        }
    }
}
