package dev.cairn.core.secret;

import java.time.Instant;
import java.util.Objects;

/** What may be shown about a secret: its name and times, never its value. Immutable. */
public record SecretInfo(String name, Instant createdAt, Instant updatedAt) {
    public SecretInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
