package dev.cairn.core.runtime;

import java.util.Objects;

/**
 * A memory block of a session as it is now, derived from its log.
 *
 * @param label the block's label
 * @param value its current text
 * @param limit the most characters it may hold (the agent definition's, or the default)
 * @param seq   the sequence number of its latest version: its latest {@code memory.written}, or
 *              {@code session.created} for a declared block nobody has changed
 */
public record MemoryBlock(String label, String value, int limit, long seq) {
    public MemoryBlock {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
    }
}
