package dev.cairn.core.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A memory to save: who owns it, what it says and where it came from. The service checks it
 * against {@link MemoryLimits}, embeds it and gives it an id.
 *
 * @param namespace null or {@code ""} for the default namespace
 * @param metadata  null for none
 * @param source    null for an item written directly
 */
public record MemoryWrite(String tenantId, MemoryOwner owner, String namespace, MemoryKind kind, String text,
                          ObjectNode metadata, MemorySource source) {

    public MemoryWrite {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(owner, "owner");
        kind = kind == null ? MemoryKind.NOTE : kind;
        namespace = namespace == null ? "" : namespace;
        source = source == null ? MemorySource.NONE : source;
    }
}
