package dev.cairn.store.postgres;

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

/** Tenants and API keys (by hash). Each write is a transaction of its own, committed when it returns. */
final class PostgresTenantStore implements TenantStore {

    private static final String TENANT_COLUMNS = "id, name, created_at";
    private static final String KEY_COLUMNS = "id, tenant_id, role, name, key_hash, created_at";
    private static final String FIND_TENANT = "SELECT " + TENANT_COLUMNS + " FROM tenants WHERE id = ?";
    private static final String INSERT_TENANT = "INSERT INTO tenants (" + TENANT_COLUMNS + ") VALUES (?, ?, ?)"
            + " ON CONFLICT (id) DO NOTHING";
    private static final String INSERT_KEY = "INSERT INTO api_keys (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String FIND_KEY = "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE key_hash = ?";
    private static final String KEY_EXISTS = "SELECT id FROM api_keys WHERE id = ? OR key_hash = ?";

    private final Database database;

    PostgresTenantStore(Database database) {
        this.database = database;
    }

    @Override
    public Tenant createTenant(Tenant tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return database.write((transaction -> {
            Optional<Tenant> existing = transaction.first(FIND_TENANT, PostgresTenantStore::tenant, tenant.id());
            if (existing.isPresent()) {
                return existing.get();
            }
            if (transaction.update(INSERT_TENANT, tenant.id(), tenant.name(), Rows.millis(tenant.createdAt())) == 0) {
                // another node created it since the read above
                return transaction.first(FIND_TENANT, PostgresTenantStore::tenant, tenant.id()).orElseThrow();
            }
            return new Tenant(tenant.id(), tenant.name(), Instant.ofEpochMilli(Rows.millis(tenant.createdAt())));
        }));
    }

    @Override
    public Optional<Tenant> findTenant(String tenantId) {
        return database.first(FIND_TENANT, PostgresTenantStore::tenant, tenantId);
    }

    @Override
    public List<Tenant> tenants() {
        return database.list("SELECT " + TENANT_COLUMNS + " FROM tenants ORDER BY created_at, id",
                PostgresTenantStore::tenant);
    }

    /**
     * @throws NotFoundException when the key's tenant does not exist
     * @throws ConflictException when a key with the same id or hash exists
     */
    @Override
    public void addKey(ApiKey key) {
        Objects.requireNonNull(key, "key");
        database.write((transaction -> {
            if (transaction.first(FIND_TENANT, PostgresTenantStore::tenant, key.tenantId()).isEmpty()) {
                throw new NotFoundException("tenant", key.tenantId());
            }
            if (transaction.first(KEY_EXISTS, row -> row.getString(1), key.id(), key.keyHash()).isPresent()) {
                throw new ConflictException("an API key with id '" + key.id() + "' or the same hash already exists");
            }
            if (transaction.update(INSERT_KEY, key.id(), key.tenantId(), key.role().wireName(), key.name(),
                    key.keyHash(), Rows.millis(key.createdAt())) == 0) {
                throw new ConflictException("an API key with id '" + key.id() + "' or the same hash already exists");
            }
            return null;
        }));
    }

    @Override
    public Optional<ApiKey> findKeyByHash(String keyHash) {
        return database.first(FIND_KEY, PostgresTenantStore::key, keyHash);
    }

    @Override
    public List<ApiKey> keys(String tenantId) {
        return database.list("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id",
                PostgresTenantStore::key, tenantId);
    }

    private static Tenant tenant(ResultSet row) throws SQLException {
        return new Tenant(row.getString("id"), row.getString("name"), Rows.instant(row, "created_at"));
    }

    private static ApiKey key(ResultSet row) throws SQLException {
        return new ApiKey(row.getString("id"), row.getString("tenant_id"), Role.parse(row.getString("role")),
                row.getString("name"), row.getString("key_hash"), Rows.instant(row, "created_at"));
    }
}
