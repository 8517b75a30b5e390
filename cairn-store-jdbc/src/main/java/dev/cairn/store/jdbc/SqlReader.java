package dev.cairn.store.jdbc;

import java.util.List;
import java.util.Optional;

/**
 * What the shared index readers need of a store's reads: a query outside any write, on committed
 * data. SQLite's reader pool and PostgreSQL's pool implement it. Thread-safe; a failure is a
 * {@code StoreException}.
 */
public interface SqlReader {

    /** Runs a query and maps every row it answers, in order. */
    <T> List<T> list(String sql, Rows.RowMapper<T> mapper, Object... parameters);

    /** Runs a query and maps its first row; empty when it answers none. */
    <T> Optional<T> first(String sql, Rows.RowMapper<T> mapper, Object... parameters);
}
