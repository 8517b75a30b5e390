package dev.cairn.core.runtime;

import java.util.List;

/**
 * A page of a memory block's versions, oldest first.
 *
 * @param label    the block
 * @param versions the versions after the page's cursor, at most as many as asked for
 * @param hasMore  whether versions after the last one here exist
 */
public record MemoryBlockHistory(String label, List<MemoryBlockVersion> versions, boolean hasMore) {
    public MemoryBlockHistory {
        versions = List.copyOf(versions);
    }
}
