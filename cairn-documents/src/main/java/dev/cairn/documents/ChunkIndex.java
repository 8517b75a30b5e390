package dev.cairn.documents;

import dev.cairn.core.documents.ChunkChange;
import dev.cairn.core.documents.DocumentStore;
import dev.cairn.core.documents.IndexableChunk;
import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryHit;
import dev.cairn.core.memory.MemoryIndex;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.SearchMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrieval index of document chunks: a {@link MemoryIndex} of its own (the hybrid Lucene
 * index of long-term memory, in another folder) kept in step with the {@link DocumentStore}'s
 * change sequence. Each chunk is indexed as an item whose owner is its collection (an
 * {@code agent}-scoped owner keyed by the collection's id, an owner term no memory index shares,
 * since this index holds only chunks), so a search of several collections of a tenant is one
 * search filtered by one exact term per collection.
 *
 * <p>Thread-safe: one caller applies changes at a time; the others wait and find nothing left.
 * A caller that finds the index current takes no lock.
 */
final class ChunkIndex implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkIndex.class);
    static final int BATCH = 500;

    private final DocumentStore store;
    private final MemoryIndex index;
    private final Embedder embedder;
    private final ReentrantLock applying = new ReentrantLock();
    /** Guarded by {@link #applying}. */
    private boolean uncommitted;
    /** The change through which searches see the index; set once {@code apply} has returned. */
    private volatile long visibleThrough;

    ChunkIndex(DocumentStore store, MemoryIndex index, Embedder embedder) {
        this.store = store;
        this.index = index;
        this.embedder = embedder;
    }

    /**
     * Brings the index up to the store: rebuilt from the stored chunks when it is empty while the
     * store has changes, or ahead of the store (made from another database); caught up otherwise.
     *
     * @return true when it rebuilt the index
     */
    boolean start() {
        applying.lock();
        try {
            long storeThrough = store.lastChangeSeq();
            long indexThrough = index.appliedThrough();
            boolean rebuild = indexThrough > storeThrough || indexThrough == 0 && storeThrough > 0;
            if (rebuild) {
                rebuildLocked(storeThrough);
            }
            catchUpLocked(store.lastChangeSeq());
            visibleThrough = index.appliedThrough();
            commitLocked();
            return rebuild;
        } finally {
            applying.unlock();
        }
    }

    /** Applies every change the store has committed by now. */
    void catchUp() {
        long target = store.lastChangeSeq();
        if (visibleThrough >= target) {
            return;
        }
        applying.lock();
        try {
            catchUpLocked(target);
        } finally {
            applying.unlock();
        }
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
        applying.lock();
        try {
            commitLocked();
        } finally {
            applying.unlock();
        }
    }

    @Override
    public void close() {
        index.close();
    }

    private static MemoryOwner owner(String collectionId) {
        return MemoryOwner.agent(collectionId);
    }

    private void catchUpLocked(long target) {
        while (index.appliedThrough() < target) {
            List<ChunkChange> changes = store.changesAfter(index.appliedThrough(), BATCH);
            if (changes.isEmpty()) {
                return; // change numbers may have gaps: nothing more is there
            }
            List<MemoryIndex.Change> applied = new ArrayList<>(changes.size());
            for (ChunkChange change : changes) {
                applied.add(change.current() == null ? new MemoryIndex.Change.Remove(change.chunkId())
                        : new MemoryIndex.Change.Upsert(indexed(change.current())));
            }
            index.apply(applied, changes.getLast().seq());
            uncommitted = true;
            visibleThrough = index.appliedThrough();
        }
    }

    private void rebuildLocked(long through) {
        LOG.info("rebuilding the documents index from the store (index through change {}, store through {})",
                index.appliedThrough(), through);
        visibleThrough = 0;
        index.clear();
        uncommitted = true;
        String afterId = null;
        long chunks = 0;
        while (true) {
            List<IndexableChunk> page = store.chunksAfter(afterId, BATCH);
            if (page.isEmpty()) {
                break;
            }
            // through 0 until the end: a rebuild cut short rebuilds again
            index.apply(page.stream().<MemoryIndex.Change>map(chunk -> new MemoryIndex.Change.Upsert(indexed(chunk))).toList(), 0);
            afterId = page.getLast().id();
            chunks += page.size();
        }
        index.apply(List.of(), through);
        visibleThrough = through;
        LOG.info("rebuilt the documents index: {} chunks, through change {}", chunks, through);
    }

    private void commitLocked() {
        if (uncommitted) {
            index.commit();
            uncommitted = false;
        }
    }

    /** The chunk as indexed, embedded again when its stored vector is another model's. */
    private IndexedMemory indexed(IndexableChunk chunk) {
        boolean same = chunk.embeddingModel().equals(embedder.model()) && chunk.vector().length == embedder.dimensions();
        return new IndexedMemory(chunk.id(), chunk.tenantId(), owner(chunk.collectionId()), "", chunk.text(),
                same ? chunk.vector() : embedder.embed(chunk.text()));
    }
}
