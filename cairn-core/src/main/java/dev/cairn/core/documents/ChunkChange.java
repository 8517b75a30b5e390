package dev.cairn.core.documents;

/**
 * One entry of the documents' change sequence: chunk {@code chunkId} was stored or removed by the
 * write numbered {@code seq}. {@code current} holds the chunk when it still exists, null when it
 * was removed (so the index removes it too).
 */
public record ChunkChange(long seq, String chunkId, IndexableChunk current) {

    public ChunkChange {
        if (seq < 1) {
            throw new IllegalArgumentException("change sequence numbers start at 1, got " + seq);
        }
    }
}
