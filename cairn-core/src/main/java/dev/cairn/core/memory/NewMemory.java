package dev.cairn.core.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.util.Objects;

/**
 * A long-term memory to store as a new item (version 1, current); the store adds the times.
 *
 * @param embedding the text's embedding, made before the write so the store never waits on a model
 */
public record NewMemory(String id, String tenantId, MemoryOwner owner, String namespace, MemoryKind kind, String text,
                        ObjectNode metadata, MemorySource source, Embedding embedding) {

    public NewMemory {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(embedding, "embedding");
        namespace = namespace == null ? "" : namespace;
        metadata = metadata == null ? Json.object() : metadata.deepCopy();
        source = source == null ? MemorySource.NONE : source;
    }
}
