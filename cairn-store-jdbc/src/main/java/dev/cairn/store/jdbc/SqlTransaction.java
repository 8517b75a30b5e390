package dev.cairn.store.jdbc;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the shared row writers and index updates need of a store's write: statements run inside
 * the write's transaction, and the store's clock. Each store's transaction implements it; an
 * implementation is confined to the thread running the write.
 */
public interface SqlTransaction {

    /** Runs one statement, binding {@code parameters} in order ({@code null} binds SQL NULL); answers the number of rows it changed. */
    int update(String sql, Object... parameters) throws SQLException;

    /** Runs a query and maps every row it answers, in order. */
    <T> List<T> list(String sql, Rows.RowMapper<T> mapper, Object... parameters) throws SQLException;

    /** Runs a query and maps its first row; empty when it answers none. */
    <T> Optional<T> first(String sql, Rows.RowMapper<T> mapper, Object... parameters) throws SQLException;

    /** The store clock's time, to the millisecond (the precision times are stored with). */
    Instant now();
}
