package dev.cairn.core.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a long-term memory, as it read from {@code validFrom} until {@code validUntil}.
 *
 * @param validUntil when the next version replaced it; null for the item's current version
 */
public record MemoryVersion(String itemId, int version, MemoryKind kind, String text, ObjectNode metadata,
                            MemoryStatus status, String supersededBy, Instant validFrom, Instant validUntil) {

    public MemoryVersion {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(validFrom, "validFrom");
        metadata = metadata.deepCopy();
    }
}
