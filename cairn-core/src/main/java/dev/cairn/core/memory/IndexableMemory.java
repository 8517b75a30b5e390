package dev.cairn.core.memory;

import java.util.Objects;

/**
 * A current item as the index takes it, with the model its stored vector was made by: when that
 * is not the embedder in use, the item is embedded again before it is indexed.
 */
public record IndexableMemory(IndexedMemory item, String embeddingModel) {

    public IndexableMemory {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(embeddingModel, "embeddingModel");
    }
}
