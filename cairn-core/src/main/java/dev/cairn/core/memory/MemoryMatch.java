package dev.cairn.core.memory;

import java.util.Objects;

/**
 * A stored item a search found, with its score (higher is better; comparable only within one search).
 */
public record MemoryMatch(MemoryItem item, double score) {

    public MemoryMatch {
        Objects.requireNonNull(item, "item");
    }
}
