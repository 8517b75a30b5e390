package dev.cairn.core.memory;

import java.util.Objects;
import java.util.Set;

/**
 * Which items a search may return: those of {@code tenantId} owned by one of {@code owners},
 * and in {@code namespace} when it is not null.
 */
public record MemoryFilter(String tenantId, Set<MemoryOwner> owners, String namespace) {

    public MemoryFilter {
        Objects.requireNonNull(tenantId, "tenantId");
        owners = Set.copyOf(owners);
        if (owners.isEmpty()) {
            throw new IllegalArgumentException("a memory search needs at least one owner");
        }
    }
}
