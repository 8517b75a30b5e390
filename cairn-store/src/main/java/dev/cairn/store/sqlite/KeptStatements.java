package dev.cairn.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection's prepared statements, kept for reuse: the writer runs the same few statements
 * (savepoints, event inserts, run index moves) and the readers the same few queries thousands of
 * times a second, and preparing each anew cost more than running it. A statement that fails is
 * closed and forgotten, so a broken one is never reused; a statement is reset when its result set
 * is closed, so a kept one holds no read snapshot. Not thread-safe: used only by whoever holds
 * the connection (the writer thread, or the reader that leased it).
 */
final class KeptStatements implements AutoCloseable {

    /** More distinct statements than the store's own are not kept (tests may run ad-hoc SQL). */
    private static final int MAX_KEPT = 128;

    /** Runs a prepared statement. */
    @FunctionalInterface
    interface Use<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> kept = new HashMap<>();

    KeptStatements(Connection connection) {
        this.connection = connection;
    }

    /** Runs {@code use} on the statement for {@code sql}, prepared once and kept when there is room. */
    <T> T with(String sql, Use<T> use) throws SQLException {
        PreparedStatement statement = kept.get(sql);
        boolean wasKept = statement != null;
        if (!wasKept) {
            statement = connection.prepareStatement(sql);
        }
        T result;
        try {
            result = use.apply(statement);
        } catch (SQLException | RuntimeException e) {
            kept.remove(sql);
            closeQuietly(statement, e);
            throw e;
        }
        if (!wasKept) {
            if (kept.size() < MAX_KEPT) {
                kept.put(sql, statement);
            } else {
                statement.close();
            }
        }
        return result;
    }

    /** Runs a statement without parameters or results ({@code BEGIN}, {@code SAVEPOINT}, ...). */
    void execute(String sql) throws SQLException {
        with(sql, PreparedStatement::execute);
    }

    /** Closes every kept statement; the connection stays open. */
    @Override
    public void close() {
        for (PreparedStatement statement : kept.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                System.getLogger(KeptStatements.class.getName())
                        .log(System.Logger.Level.DEBUG, "closing a kept statement failed", e);
            }
        }
        kept.clear();
    }

    private static void closeQuietly(PreparedStatement statement, Exception cause) {
        try {
            statement.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
