package dev.cairn.documents;

import dev.cairn.core.documents.ChunkChange;
import dev.cairn.core.documents.DocumentStore;
import dev.cairn.core.documents.IndexableChunk;
import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.IndexFollower;
import dev.cairn.core.memory.IndexableMemory;
import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryChange;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryHit;
import dev.cairn.core.memory.MemoryIndex;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.SearchMode;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The retrieval index of document chunks: a {@link MemoryIndex} of its own (the hybrid Lucene
 * index of long-term memory, in another folder) kept in step with the {@link DocumentStore}'s
 * change sequence by an {@link IndexFollower}, as long-term memory's index is with its store.
 * Each chunk is indexed as an item whose owner is its collection (an {@code agent}-scoped owner
 * keyed by the collection's id, an owner term no memory index shares, since this index holds only
 * chunks), so a search of several collections of a tenant is one search filtered by one exact
 * term per collection.
 *
 * <p>Thread-safe: see {@link IndexFollower}.
 */
final class ChunkIndex implements AutoCloseable {

    private final MemoryIndex index;
    private final Embedder embedder;
    private final IndexFollower follower;

    ChunkIndex(DocumentStore store, MemoryIndex index, Embedder embedder) {
        this.index = index;
        this.embedder = embedder;
        this.follower = new IndexFollower(new Chunks(store), index, embedder);
    }

    /**
     * Brings the index up to the store: rebuilt from the stored chunks when it is empty while the
     * store has changes, or ahead of the store (made from another database); caught up otherwise.
     *
     * @return true when it rebuilt the index
     */
    boolean start() {
        return follower.start();
    }

    /** Applies every change the store has committed by now. */
    void catchUp() {
        follower.catchUp();
    }

    /** The best chunks of the tenant's {@code collectionIds} for the query, by hybrid search. */
    List<MemoryHit> search(String tenantId, Collection<String> collectionIds, String query, int limit) {
        catchUp();
        MemoryFilter filter = new MemoryFilter(tenantId,
                collectionIds.stream().map(ChunkIndex::owner).collect(Collectors.toSet()), null);
        return index.search(query, embedder.embed(query), filter, limit, SearchMode.HYBRID);
    }

    long size() {
        return index.size();
    }

    /** Makes what was applied durable, unless nothing was applied since the last commit. */
    void commit() {
        follower.commit();
    }

    @Override
    public void close() {
        index.close();
    }

    private static MemoryOwner owner(String collectionId) {
        return MemoryOwner.agent(collectionId);
    }

    /** The documents' change sequence, with each chunk as the index item of its collection. */
    private record Chunks(DocumentStore store) implements IndexFollower.Source {

        @Override
        public String name() {
            return "documents";
        }

        @Override
        public long lastChangeSeq() {
            return store.lastChangeSeq();
        }

        @Override
        public List<MemoryChange> changesAfter(long afterSeq, int limit) {
            return store.changesAfter(afterSeq, limit).stream()
                    .map(change -> new MemoryChange(change.seq(), change.chunkId(), indexable(change)))
                    .toList();
        }

        @Override
        public List<IndexableMemory> currentAfter(String afterId, int limit) {
            return store.chunksAfter(afterId, limit).stream().map(Chunks::indexable).toList();
        }

        private static IndexableMemory indexable(ChunkChange change) {
            return change.current() == null ? null : indexable(change.current());
        }

        private static IndexableMemory indexable(IndexableChunk chunk) {
            return new IndexableMemory(new IndexedMemory(chunk.id(), chunk.tenantId(), owner(chunk.collectionId()), "",
                    chunk.text(), chunk.vector()), chunk.embeddingModel());
        }
    }
}
