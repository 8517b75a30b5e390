package dev.cairn.core.memory;

import java.util.List;

/**
 * The retrieval index over long-term memory: derived from the store, never the source of truth.
 * It remembers the store's change sequence it has applied through, so it can be brought up to
 * date by applying the changes after it, or rebuilt from nothing. Changes applied are visible to
 * the next search as soon as {@link #apply} returns.
 *
 * <p>Implementations are thread-safe: searches run concurrently with each other and with one
 * writer applying changes.
 */
public interface MemoryIndex extends AutoCloseable {

    /** One change to apply: an item to add or replace, or the id of one to remove. */
    sealed interface Change {
        record Upsert(IndexedMemory item) implements Change {
        }

        record Remove(String id) implements Change {
        }
    }

    /**
     * Applies {@code changes} in order (applying one twice is harmless) and records that the index
     * now reflects the store through change {@code throughSeq}.
     *
     * @throws IllegalArgumentException if {@code throughSeq} is below {@link #appliedThrough()} (the
     *         changes are older than what the index already reflects) or an item's vector does not
     *         fit the index; nothing of the batch is applied then
     * @throws MemoryIndexException if the index failed to write; some changes of the batch may be
     *         applied, {@link #appliedThrough()} is unchanged, and applying the batch again is safe
     */
    void apply(List<Change> changes, long throughSeq);

    /** The last store change this index reflects; 0 for an empty, new index. */
    long appliedThrough();

    /**
     * The best items for a query, best first, at most {@code limit}. {@code text} feeds the word
     * ranking and {@code vector} the meaning ranking; a mode that does not use one may get null.
     */
    List<MemoryHit> search(String text, float[] vector, MemoryFilter filter, int limit, SearchMode mode);

    /** The number of items indexed. */
    long size();

    /** Removes everything, for a rebuild; {@link #appliedThrough()} is 0 afterwards. */
    void clear();

    /** Makes what has been applied durable, so a restart catches up from here instead of rebuilding. */
    void commit();

    @Override
    void close();
}
