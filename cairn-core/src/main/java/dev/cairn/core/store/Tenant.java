package dev.cairn.core.store;

import java.time.Instant;
import java.util.Objects;

/** An isolation boundary: every object belongs to exactly one tenant. */
public record Tenant(String id, String name, Instant createdAt) {
    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
