package dev.cairn.store.jdbc;

import dev.cairn.core.event.LargeOutputs;
import java.sql.SQLException;
import java.util.List;

/** Writes the {@code blobs} table and the {@code blob_refs} that keep each blob alive and say who may read it. */
public final class BlobRows {

    private static final String INSERT = """
            INSERT INTO blobs (sha256, size, content, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (sha256) DO NOTHING""";
    private static final String REFER = "INSERT INTO blob_refs (session_id, sha256) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String REFERRED = "SELECT sha256 FROM blob_refs WHERE session_id = ?";
    private static final String FORGET_REFS = "DELETE FROM blob_refs WHERE session_id = ?";
    private static final String DELETE_UNREFERRED = """
            DELETE FROM blobs WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM blob_refs r WHERE r.sha256 = blobs.sha256)""";

    private BlobRows() {
    }

    /** Stores the blob unless one with its hash exists, and records that the session refers to it. */
    public static void put(SqlTransaction transaction, String sessionId, LargeOutputs.Blob blob) throws SQLException {
        transaction.update(INSERT, blob.sha256(), blob.size(), blob.content(), Rows.millis(transaction.now()));
        transaction.update(REFER, sessionId, blob.sha256());
    }

    /** Drops the session's references, and every blob it referred to that no other session does. */
    public static void release(SqlTransaction transaction, String sessionId) throws SQLException {
        List<String> referred = transaction.list(REFERRED, row -> row.getString(1), sessionId);
        transaction.update(FORGET_REFS, sessionId);
        for (String sha256 : referred) {
            transaction.update(DELETE_UNREFERRED, sha256);
        }
    }
}
