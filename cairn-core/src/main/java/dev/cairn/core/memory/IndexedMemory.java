package dev.cairn.core.memory;

import java.util.Objects;

/**
 * What the retrieval index holds of one current (not deleted, not superseded) memory item.
 *
 * @param id        the item's id
 * @param tenantId  the tenant it belongs to
 * @param owner     its scope and scope key
 * @param namespace its namespace ({@code ""} for the default one)
 * @param text      the text searched by words
 * @param vector    the text's embedding, searched by meaning
 */
public record IndexedMemory(String id, String tenantId, MemoryOwner owner, String namespace, String text, float[] vector) {

    public IndexedMemory {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
        namespace = namespace == null ? "" : namespace;
    }
}
