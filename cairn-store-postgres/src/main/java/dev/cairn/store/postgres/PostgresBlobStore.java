package dev.cairn.store.postgres;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.store.BlobStore;
import dev.cairn.store.jdbc.BlobRows;
import java.util.Objects;
import java.util.Optional;

/** Reads of the {@code blobs} table, each through a reference from one of the tenant's sessions; {@link BlobRows} writes it. */
final class PostgresBlobStore implements BlobStore {

    private static final String VISIBLE = """
            EXISTS (SELECT 1 FROM blob_refs r JOIN sessions s ON s.id = r.session_id
                    WHERE r.sha256 = b.sha256 AND s.tenant_id = ?)""";
    private static final String SIZE = "SELECT size FROM blobs b WHERE b.sha256 = ? AND " + VISIBLE;
    private static final String READ = "SELECT substring(content FROM ? FOR ?) FROM blobs b WHERE b.sha256 = ? AND " + VISIBLE;

    private final Database database;

    PostgresBlobStore(Database database) {
        this.database = database;
    }

    @Override
    public Optional<Long> size(String tenantId, String sha256) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(sha256, "sha256");
        return database.first(SIZE, row -> row.getLong(1), sha256, tenantId);
    }

    @Override
    public Optional<byte[]> read(String tenantId, String sha256, long offset, int length) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(sha256, "sha256");
        if (offset < 0 || length < 0) {
            throw new InvalidRequestException("a blob is read from a non-negative offset for a non-negative length, got "
                    + offset + " and " + length);
        }
        if (offset >= Integer.MAX_VALUE) {
            // past the end of any bytea (1 GB at most)
            return size(tenantId, sha256).map(size -> new byte[0]);
        }
        // substring counts from 1; a zero-length or past-the-end range answers an empty blob.
        return database.first(READ, row -> {
            byte[] bytes = row.getBytes(1);
            return bytes == null ? new byte[0] : bytes;
        }, (int) offset + 1, length, sha256, tenantId);
    }
}
