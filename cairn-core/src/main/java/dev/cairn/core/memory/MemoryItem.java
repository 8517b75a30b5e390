package dev.cairn.core.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.time.Instant;
import java.util.Objects;

/**
 * One long-term memory as stored: the truth the retrieval index is derived from.
 *
 * @param id             the item's id
 * @param tenantId       the tenant it belongs to
 * @param owner          its scope and scope key
 * @param namespace      its namespace ({@code ""} for the default one)
 * @param kind           what it is
 * @param text           what it says
 * @param metadata       what the writer attached to it (an object, empty when nothing)
 * @param source         the session, events and run it came from
 * @param createdAt      when its first version was stored
 * @param updatedAt      when its current version was stored
 * @param version        1 for the first version, one more for each change since
 * @param status         whether it is current, superseded or deleted
 * @param supersededBy   the item that replaced it, when superseded; null otherwise
 * @param embeddingModel the model its stored vector was made by
 */
public record MemoryItem(String id, String tenantId, MemoryOwner owner, String namespace, MemoryKind kind, String text,
                         ObjectNode metadata, MemorySource source, Instant createdAt, Instant updatedAt, int version,
                         MemoryStatus status, String supersededBy, String embeddingModel) {

    public MemoryItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(embeddingModel, "embeddingModel");
        namespace = namespace == null ? "" : namespace;
        metadata = metadata == null ? Json.object() : metadata.deepCopy();
        source = source == null ? MemorySource.NONE : source;
        if (version < 1) {
            throw new IllegalArgumentException("memory versions start at 1, got " + version);
        }
        if ((status == MemoryStatus.SUPERSEDED) != (supersededBy != null)) {
            throw new IllegalArgumentException("a memory names the item that superseded it exactly when it is superseded");
        }
    }

    /** True when it is listed, searched and recalled. */
    public boolean current() {
        return status == MemoryStatus.CURRENT;
    }
}
