package dev.cairn.core.memory;

import dev.cairn.core.store.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps a {@link MemoryIndex} in step with a store's change sequence (long-term memory's, or the
 * documents'): applies the changes after the index's {@link MemoryIndex#appliedThrough()},
 * rebuilds it from the store's current items when it cannot catch up, and commits it. Items whose
 * stored vector another model made are embedded again before they are indexed.
 *
 * <p>Thread-safe: one caller applies at a time, the others wait for it and then find nothing left
 * to do. A caller that finds the index already through the store's last change takes no lock.
 */
public final class IndexFollower {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IndexFollower.class);
    static final int BATCH = 500;

    /**
     * A store's change sequence, as an index follows it. Change numbers increase and may have
     * gaps; a change's {@code current} is the item as it is now, or null when it is gone.
     */
    public interface Source {

        /** What the log calls the index ({@code memory}, {@code documents}). */
        String name();

        /** The number of the store's last committed change, 0 when there is none. */
        long lastChangeSeq();

        /** Up to {@code limit} changes numbered after {@code afterSeq}, in order. */
        List<MemoryChange> changesAfter(long afterSeq, int limit);

        /** Up to {@code limit} current items with ids after {@code afterId} (null: from the first), in id order. */
        List<IndexableMemory> currentAfter(String afterId, int limit);
    }

    /** Long-term memory's change sequence. */
    public static Source of(MemoryStore store) {
        return new Source() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public long lastChangeSeq() {
                return store.lastChangeSeq();
            }

            @Override
            public List<MemoryChange> changesAfter(long afterSeq, int limit) {
                return store.changesAfter(afterSeq, limit);
            }

            @Override
            public List<IndexableMemory> currentAfter(String afterId, int limit) {
                return store.currentItems(afterId, limit);
            }
        };
    }

    private final Source store;
    private final MemoryIndex index;
    private final Embedder embedder;
    private final ReentrantLock applying = new ReentrantLock();
    /** Whether anything was applied since the last commit; guarded by {@link #applying}. */
    private boolean uncommitted;
    /**
     * The change through which searches see the index: set only once {@code apply} has returned,
     * so a caller that finds it high enough may search at once. (An index may report its
     * {@code appliedThrough} a moment before its searches see what it applied.)
     */
    private volatile long visibleThrough;

    public IndexFollower(Source store, MemoryIndex index, Embedder embedder) {
        this.store = store;
        this.index = index;
        this.embedder = embedder;
    }

    /**
     * Makes the index reflect the store as it is now (rebuilt when the index is empty while the
     * store is not, or when it is ahead of the store: then it was built from another database).
     *
     * @return true when it rebuilt the index
     */
    public boolean start() {
        applying.lock();
        try {
            long storeThrough = store.lastChangeSeq();
            long indexThrough = index.appliedThrough();
            boolean rebuild = indexThrough > storeThrough || indexThrough == 0 && storeThrough > 0;
            if (rebuild) {
                LOG.info("rebuilding the {} index from the store (index through change {}, store through {})",
                        store.name(), indexThrough, storeThrough);
                rebuildLocked();
            }
            catchUpLocked(store.lastChangeSeq());
            visibleThrough = index.appliedThrough();
            commitLocked();
            return rebuild;
        } finally {
            applying.unlock();
        }
    }

    /** Applies every change the store has committed by now; returns once the index reflects them. */
    public void catchUp() {
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

    /** Makes what has been applied durable, unless nothing was applied since the last commit. */
    public void commit() {
        applying.lock();
        try {
            commitLocked();
        } finally {
            applying.unlock();
        }
    }

    private void catchUpLocked(long target) {
        while (index.appliedThrough() < target) {
            List<MemoryChange> changes = store.changesAfter(index.appliedThrough(), BATCH);
            if (changes.isEmpty()) {
                return; // the store's change numbers are not ours to wait for: nothing more is there
            }
            List<MemoryIndex.Change> applied = new ArrayList<>(changes.size());
            for (MemoryChange change : changes) {
                applied.add(change.current() == null ? new MemoryIndex.Change.Remove(change.itemId())
                        : new MemoryIndex.Change.Upsert(indexed(change.current())));
            }
            index.apply(applied, changes.getLast().seq());
            uncommitted = true;
            visibleThrough = index.appliedThrough();
        }
    }

    /** Clears the index and fills it with the store's current items, as of the store's last change. */
    private void rebuildLocked() {
        long through = store.lastChangeSeq();
        visibleThrough = 0;
        index.clear();
        uncommitted = true;
        String afterId = null;
        long items = 0;
        while (true) {
            List<IndexableMemory> page = store.currentAfter(afterId, BATCH);
            if (page.isEmpty()) {
                break;
            }
            // Through 0 until the last page: a rebuild cut short leaves an index that rebuilds again.
            index.apply(page.stream().<MemoryIndex.Change>map(item -> new MemoryIndex.Change.Upsert(indexed(item))).toList(), 0);
            afterId = page.getLast().item().id();
            items += page.size();
        }
        // Items read above may be newer than `through`; their changes are applied again after it, which is harmless.
        index.apply(List.of(), through);
        visibleThrough = through;
        LOG.info("rebuilt the {} index: {} items, through change {}", store.name(), items, through);
    }

    private void commitLocked() {
        if (uncommitted) {
            index.commit();
            uncommitted = false;
        }
    }

    /** The item as indexed, embedded again when its stored vector is another model's. */
    private IndexedMemory indexed(IndexableMemory stored) {
        IndexedMemory item = stored.item();
        if (stored.embeddingModel().equals(embedder.model()) && item.vector().length == embedder.dimensions()) {
            return item;
        }
        return new IndexedMemory(item.id(), item.tenantId(), item.owner(), item.namespace(), item.text(),
                embedder.embed(item.text()));
    }
}
