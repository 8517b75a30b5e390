package dev.cairn.store.sqlite;

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

/** Sealed secrets by tenant and name. Writes go through the writer and are durable on return. */
final class SqliteSecretStore implements SecretStore {

    private static final String COLUMNS = "tenant_id, name, key_id, nonce, ciphertext, created_at, updated_at";
    private static final String FIND = "SELECT " + COLUMNS + " FROM secrets WHERE tenant_id = ? AND name = ?";
    private static final String INSERT = "INSERT INTO secrets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String REPLACE = "UPDATE secrets SET key_id = ?, nonce = ?, ciphertext = ?, updated_at = ?"
            + " WHERE tenant_id = ? AND name = ?";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteSecretStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public Written put(SecretRecord record) {
        Objects.requireNonNull(record, "record");
        return StoreException.join(writer.submit(transaction -> {
            Optional<SecretRecord> existing = transaction.first(FIND, SqliteSecretStore::secret, record.tenantId(),
                    record.name());
            long updated = Rows.millis(record.updatedAt());
            if (existing.isPresent()) {
                transaction.update(REPLACE, record.keyId(), record.nonce(), record.ciphertext(), updated,
                        record.tenantId(), record.name());
                return new Written(new SecretRecord(record.tenantId(), record.name(), record.keyId(), record.nonce(),
                        record.ciphertext(), existing.get().createdAt(), Instant.ofEpochMilli(updated)), false);
            }
            long created = Rows.millis(record.createdAt());
            transaction.update(INSERT, record.tenantId(), record.name(), record.keyId(), record.nonce(),
                    record.ciphertext(), created, updated);
            return new Written(new SecretRecord(record.tenantId(), record.name(), record.keyId(), record.nonce(),
                    record.ciphertext(), Instant.ofEpochMilli(created), Instant.ofEpochMilli(updated)), true);
        }));
    }

    @Override
    public Optional<SecretRecord> find(String tenantId, String name) {
        return readers.first(FIND, SqliteSecretStore::secret, tenantId, name);
    }

    @Override
    public List<SecretRecord> list(String tenantId) {
        return readers.list("SELECT " + COLUMNS + " FROM secrets WHERE tenant_id = ? ORDER BY name",
                SqliteSecretStore::secret, tenantId);
    }

    @Override
    public boolean delete(String tenantId, String name) {
        return StoreException.join(writer.submit(transaction ->
                transaction.update("DELETE FROM secrets WHERE tenant_id = ? AND name = ?", tenantId, name) > 0));
    }

    private static SecretRecord secret(ResultSet row) throws SQLException {
        return new SecretRecord(row.getString("tenant_id"), row.getString("name"), row.getString("key_id"),
                row.getBytes("nonce"), row.getBytes("ciphertext"), Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"));
    }
}
