package dev.cairn.store.postgres;

import dev.cairn.core.store.SecretRecord;
import dev.cairn.core.store.SecretStore;
import dev.cairn.core.store.StoreException;
import dev.cairn.store.jdbc.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Sealed secrets by tenant and name. Each write is one statement in a transaction of its own, committed when it returns. */
final class PostgresSecretStore implements SecretStore {

    private static final String COLUMNS = "tenant_id, name, key_id, nonce, ciphertext, created_at, updated_at";
    private static final String FIND = "SELECT " + COLUMNS + " FROM secrets WHERE tenant_id = ? AND name = ?";
    /** Inserts or replaces in one statement; {@code xmax = 0} only on a row this statement inserted. */
    private static final String UPSERT = "INSERT INTO secrets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (tenant_id, name) DO UPDATE SET key_id = excluded.key_id, nonce = excluded.nonce,"
            + " ciphertext = excluded.ciphertext, updated_at = excluded.updated_at"
            + " RETURNING created_at, (xmax = 0) AS created";

    private final Database database;

    PostgresSecretStore(Database database) {
        this.database = database;
    }

    @Override
    public Written put(SecretRecord record) {
        Objects.requireNonNull(record, "record");
        long created = Rows.millis(record.createdAt());
        long updated = Rows.millis(record.updatedAt());
        return database.write(transaction -> transaction.first(UPSERT, row -> new Written(new SecretRecord(
                        record.tenantId(), record.name(), record.keyId(), record.nonce(), record.ciphertext(),
                        Rows.instant(row, "created_at"), Instant.ofEpochMilli(updated)), row.getBoolean("created")),
                record.tenantId(), record.name(), record.keyId(), record.nonce(), record.ciphertext(), created, updated)
                .orElseThrow());
    }

    @Override
    public Optional<SecretRecord> find(String tenantId, String name) {
        return database.first(FIND, PostgresSecretStore::secret, tenantId, name);
    }

    @Override
    public List<SecretRecord> list(String tenantId) {
        return database.list("SELECT " + COLUMNS + " FROM secrets WHERE tenant_id = ? ORDER BY name",
                PostgresSecretStore::secret, tenantId);
    }

    @Override
    public boolean delete(String tenantId, String name) {
        return database.write((transaction ->
                transaction.update("DELETE FROM secrets WHERE tenant_id = ? AND name = ?", tenantId, name) > 0));
    }

    private static SecretRecord secret(ResultSet row) throws SQLException {
        return new SecretRecord(row.getString("tenant_id"), row.getString("name"), row.getString("key_id"),
                row.getBytes("nonce"), row.getBytes("ciphertext"), Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"));
    }
}
