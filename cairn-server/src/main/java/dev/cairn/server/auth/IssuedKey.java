package dev.cairn.server.auth;

import dev.cairn.core.store.ApiKey;
import java.util.Objects;

/**
 * A key just made: the stored record (hash only) and the key itself, which is shown once and
 * never stored.
 */
public record IssuedKey(ApiKey record, String key) {

    public IssuedKey {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "IssuedKey[" + record.id() + ", tenant " + record.tenantId() + ", role " + record.role().wireName() + "]";
    }
}
