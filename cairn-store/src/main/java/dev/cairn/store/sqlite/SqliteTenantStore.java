package dev.cairn.store.sqlite;

import dev.cairn.core.ConflictException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.store.ApiKey;
import dev.cairn.core.store.Role;
import dev.cairn.core.store.StoreException;
import dev.cairn.core.store.Tenant;
import dev.cairn.core.store.TenantStore;
import dev.cairn.store.jdbc.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Tenants and API keys (by hash). Writes go through the writer and are durable on return. */
final class SqliteTenantStore implements TenantStore {

    private static final String TENANT_COLUMNS = "id, name, created_at";
    private static final String KEY_COLUMNS = "id, tenant_id, role, name, key_hash, created_at";
    private static final String FIND_TENANT = "SELECT " + TENANT_COLUMNS + " FROM tenants WHERE id = ?";
    private static final String INSERT_TENANT = "INSERT INTO tenants (" + TENANT_COLUMNS + ") VALUES (?, ?, ?)";
    private static final String INSERT_KEY = "INSERT INTO api_keys (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String FIND_KEY = "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE key_hash = ?";
    private static final String KEY_EXISTS = "SELECT id FROM api_keys WHERE id = ? OR key_hash = ?";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteTenantStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public Tenant createTenant(Tenant tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return StoreException.join(writer.submit(transaction -> {
            Optional<Tenant> existing = transaction.first(FIND_TENANT, SqliteTenantStore::tenant, tenant.id());
            if (existing.isPresent()) {
                return existing.get();
            }
            transaction.update(INSERT_TENANT, tenant.id(), tenant.name(), Rows.millis(tenant.createdAt()));
            return new Tenant(tenant.id(), tenant.name(), Instant.ofEpochMilli(Rows.millis(tenant.createdAt())));
        }));
    }

    @Override
    public Optional<Tenant> findTenant(String tenantId) {
        return readers.first(FIND_TENANT, SqliteTenantStore::tenant, tenantId);
    }

    @Override
    public List<Tenant> tenants() {
        return readers.list("SELECT " + TENANT_COLUMNS + " FROM tenants ORDER BY created_at, id",
                SqliteTenantStore::tenant);
    }

    /**
     * @throws NotFoundException when the key's tenant does not exist
     * @throws ConflictException when a key with the same id or hash exists
     */
    @Override
    public void addKey(ApiKey key) {
        Objects.requireNonNull(key, "key");
        StoreException.join(writer.submit(transaction -> {
            if (transaction.first(FIND_TENANT, SqliteTenantStore::tenant, key.tenantId()).isEmpty()) {
                throw new NotFoundException("tenant", key.tenantId());
            }
            if (transaction.first(KEY_EXISTS, row -> row.getString(1), key.id(), key.keyHash()).isPresent()) {
                throw new ConflictException("an API key with id '" + key.id() + "' or the same hash already exists");
            }
            return transaction.update(INSERT_KEY, key.id(), key.tenantId(), key.role().wireName(), key.name(),
                    key.keyHash(), Rows.millis(key.createdAt()));
        }));
    }

    @Override
    public Optional<ApiKey> findKeyByHash(String keyHash) {
        return readers.first(FIND_KEY, SqliteTenantStore::key, keyHash);
    }

    @Override
    public List<ApiKey> keys(String tenantId) {
        return readers.list("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id",
                SqliteTenantStore::key, tenantId);
    }

    private static Tenant tenant(ResultSet row) throws SQLException {
        return new Tenant(row.getString("id"), row.getString("name"), Rows.instant(row, "created_at"));
    }

    private static ApiKey key(ResultSet row) throws SQLException {
        return new ApiKey(row.getString("id"), row.getString("tenant_id"), Role.parse(row.getString("role")),
                row.getString("name"), row.getString("key_hash"), Rows.instant(row, "created_at"));
    }
}
