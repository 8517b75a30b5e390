package dev.cairn.core.memory;

import dev.cairn.core.CairnException;

/**
 * The retrieval index failed (disk, corruption). The store, which the index is derived from, is
 * unaffected; an index that fails to write can be cleared and rebuilt from it.
 */
public final class MemoryIndexException extends CairnException {

    public MemoryIndexException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "memory_index_failed";
    }
}
