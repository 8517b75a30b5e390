package dev.cairn.core.memory;

/**
 * One entry of the store's change sequence: item {@code itemId} was written (inserted, updated,
 * deleted or superseded) by the write numbered {@code seq}. The index applies a change by
 * looking at the item as it is now: {@code current} holds it when it is current, and is null
 * when it is not (so the index removes it).
 */
public record MemoryChange(long seq, String itemId, IndexableMemory current) {

    public MemoryChange {
        if (seq < 1) {
            throw new IllegalArgumentException("change sequence numbers start at 1, got " + seq);
        }
        if (current != null && !current.item().id().equals(itemId)) {
            throw new IllegalArgumentException("change of '" + itemId + "' carries item '" + current.item().id() + "'");
        }
    }
}
