package dev.cairn.store.sqlite;

import dev.cairn.core.store.StoreException;
import dev.cairn.store.jdbc.Rows;
import dev.cairn.store.jdbc.SqlReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * A fixed set of read-only connections lent to one caller at a time. Thread-safe; callers on
 * platform or virtual threads wait in line for a free connection. Each read runs in its own
 * implicit transaction, so it sees the last commit and never a group half-written. Each
 * connection keeps its prepared statements for the next caller.
 */
final class ReadPool implements SqlReader {

    /** Lent connection or, once closed, the marker every waiting reader takes and passes on. */
    private record Lease(Connection connection, KeptStatements statements) {
    }

    private static final Lease CLOSED = new Lease(null, null);

    private final BlockingQueue<Lease> idle;
    private final List<Lease> all;
    private final Supplier<StoreException> closedException;
    private volatile boolean closed;

    ReadPool(int size, Supplier<Connection> opener, Supplier<StoreException> closedException) {
        this.idle = new ArrayBlockingQueue<>(size + 1);
        this.all = new ArrayList<>(size);
        this.closedException = closedException;
        try {
            for (int i = 0; i < size; i++) {
                Connection connection = opener.get();
                Lease lease = new Lease(connection, new KeptStatements(connection));
                all.add(lease);
                idle.add(lease);
            }
        } catch (RuntimeException e) {
            closeAll();
            throw e;
        }
    }

    /** Runs one query and maps every row. */
    @Override
    public <T> List<T> list(String sql, Rows.RowMapper<T> mapper, Object... parameters) {
        return query(sql, statement -> Rows.list(Rows.bind(statement, parameters), mapper));
    }

    /** Runs one query and maps its first row, if any. */
    @Override
    public <T> Optional<T> first(String sql, Rows.RowMapper<T> mapper, Object... parameters) {
        return query(sql, statement -> Rows.first(Rows.bind(statement, parameters), mapper));
    }

    /**
     * Runs a query on a free connection, with that connection's kept statement for {@code sql}.
     *
     * @throws StoreException when the database fails, the pool is closed, or the caller is
     *     interrupted while waiting
     */
    private <T> T query(String sql, KeptStatements.Use<T> use) {
        Lease lease = take();
        try {
            return lease.statements().with(sql, use);
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        } finally {
            idle.add(lease);
        }
    }

    /** Waits for every lent connection to come back, closes them all, and refuses later reads. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int returned = 0; returned < all.size(); ) {
            try {
                Lease lease = idle.take();
                if (lease != CLOSED) {
                    returned++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        idle.add(CLOSED);
        closeAll();
    }

    private void closeAll() {
        for (Lease lease : all) {
            lease.statements().close();
            try {
                lease.connection().close();
            } catch (SQLException e) {
                System.getLogger(ReadPool.class.getName())
                        .log(System.Logger.Level.WARNING, "closing a read connection failed", e);
            }
        }
    }

    private Lease take() {
        if (closed) {
            throw closedException.get();
        }
        Lease lease;
        try {
            lease = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a read connection", e);
        }
        if (lease == CLOSED) {
            idle.add(CLOSED);
            throw closedException.get();
        }
        return lease;
    }
}
