package dev.cairn.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored API key. Only the key's SHA-256 hash is stored, never the key.
 *
 * @param id        public id of the key (safe to show)
 * @param tenantId  the tenant the key acts for
 * @param role      what the key may do
 * @param name      a label for people
 * @param keyHash   lowercase hex SHA-256 of the key
 */
public record ApiKey(String id, String tenantId, Role role, String name, String keyHash, Instant createdAt) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(createdAt, "createdAt");
        name = name == null ? "" : name;
    }
}
