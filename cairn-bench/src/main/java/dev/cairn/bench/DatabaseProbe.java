package dev.cairn.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A side connection to a bench database, beside the store's own: checkpoints the WAL so the
 * database file holds everything stored, and measures what is stored. Use it only while no write is
 * running (between turns). Not thread-safe.
 */
final class DatabaseProbe implements AutoCloseable {

    private final Connection connection;

    private DatabaseProbe(Connection connection) {
        this.connection = connection;
    }

    static DatabaseProbe open(Path databaseFile) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
        }
        return new DatabaseProbe(connection);
    }

    /** Moves the WAL into the database file and empties it; answers the database's bytes then. */
    long checkpointedBytes() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (result.next() && result.getInt(1) != 0) {
                    throw new SQLException("the WAL checkpoint was blocked by another connection");
                }
            }
            long pages = single(statement, "PRAGMA page_count");
            long pageSize = single(statement, "PRAGMA page_size");
            return pages * pageSize;
        }
    }

    /**
     * Bytes in use in every table and index (cells and page headers, without the free space
     * inside pages), from SQLite's {@code dbstat}: what is stored, free of page granularity.
     */
    long usedBytes() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return single(statement, "SELECT coalesce(sum(pgsize - unused), 0) FROM dbstat");
        }
    }

    /** Bytes of the stored payloads (JSON text) of a session's events with sequence in (afterSeq, toSeq]. */
    long payloadBytes(String sessionId, long afterSeq, long toSeq) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT coalesce(sum(length(CAST(payload AS BLOB))), 0) FROM events WHERE session_id = ? AND seq > ? AND seq <= ?")) {
            statement.setString(1, sessionId);
            statement.setLong(2, afterSeq);
            statement.setLong(3, toSeq);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
