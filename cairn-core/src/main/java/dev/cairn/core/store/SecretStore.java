package dev.cairn.core.store;

import java.util.List;
import java.util.Optional;

/**
 * Sealed secrets by tenant and name. The store never sees a secret's value: it keeps what
 * {@link dev.cairn.core.secret.Secrets} sealed. Thread-safe; every write is durable when the method
 * returns, and a failed write changes nothing.
 */
public interface SecretStore {

    /** What {@link #put} stored, and whether the name was new in its tenant. */
    record Written(SecretRecord stored, boolean created) {
    }

    /**
     * Stores {@code record}, replacing the tenant's secret of that name if there is one; a
     * replacement keeps the first {@code createdAt}.
     */
    Written put(SecretRecord record);

    Optional<SecretRecord> find(String tenantId, String name);

    /** The tenant's secrets, by name. */
    List<SecretRecord> list(String tenantId);

    /** Removes the tenant's secret of that name; false when there was none. */
    boolean delete(String tenantId, String name);
}
