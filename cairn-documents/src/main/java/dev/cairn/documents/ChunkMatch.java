package dev.cairn.documents;

import dev.cairn.core.documents.StoredChunk;

/**
 * A chunk a search found.
 *
 * @param collection the name of its collection
 * @param chunk      the chunk with its document's name, offsets and page
 * @param score      its fused rank score (higher is better; comparable within one search)
 */
public record ChunkMatch(String collection, StoredChunk chunk, double score) {
}
