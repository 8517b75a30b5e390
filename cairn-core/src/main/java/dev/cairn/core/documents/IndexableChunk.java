package dev.cairn.core.documents;

import java.util.Objects;

/**
 * What the retrieval index takes of a stored chunk.
 *
 * @param id             the chunk's id
 * @param tenantId       the tenant of its collection
 * @param collectionId   its collection
 * @param text           the text searched by words
 * @param vector         the stored embedding
 * @param embeddingModel the model that made it: another model's vector is embedded again
 */
public record IndexableChunk(String id, String tenantId, String collectionId, String text, float[] vector,
                             String embeddingModel) {

    public IndexableChunk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(collectionId, "collectionId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(embeddingModel, "embeddingModel");
    }
}
