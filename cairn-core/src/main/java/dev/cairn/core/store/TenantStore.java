package dev.cairn.core.store;

import java.util.List;
import java.util.Optional;

/** Tenants and their API keys. Thread-safe; every write is durable when the method returns. */
public interface TenantStore {

    /** Creates a tenant, or returns the existing one with that id. */
    Tenant createTenant(Tenant tenant);

    Optional<Tenant> findTenant(String tenantId);

    List<Tenant> tenants();

    /** Stores a key (by hash). */
    void addKey(ApiKey key);

    /** The key with this SHA-256 hash, if one exists. */
    Optional<ApiKey> findKeyByHash(String keyHash);

    /** The tenant's keys (hashes included; never show them). */
    List<ApiKey> keys(String tenantId);
}
