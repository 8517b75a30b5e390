package dev.cairn.store.sqlite;

import dev.cairn.core.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * implicit transaction, so it sees the last commit and never a group half-written.
 */
final class ReadPool {

    /** A read against one connection. */
    @FunctionalInterface
    interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Lent connection or, once closed, the marker every waiting reader takes and passes on. */
    private record Lease(Connection connection) {
    }

    private static final Lease CLOSED = new Lease(null);

    private final BlockingQueue<Lease> idle;
    private final List<Connection> all;
    private final Supplier<StoreException> closedException;
    private volatile boolean closed;

    ReadPool(int size, Supplier<Connection> opener, Supplier<StoreException> closedException) {
        this.idle = new ArrayBlockingQueue<>(size + 1);
        this.all = new ArrayList<>(size);
        this.closedException = closedException;
        for (int i = 0; i < size; i++) {
            Connection connection = opener.get();
            all.add(connection);
            idle.add(new Lease(connection));
        }
    }

    /**
     * Runs a read on a free connection.
     *
     * @throws StoreException when the database fails, the pool is closed, or the caller is
     *     interrupted while waiting
     */
    <T> T read(Read<T> read) {
        Lease lease = take();
        try {
            return read.apply(lease.connection());
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        } finally {
            idle.add(lease);
        }
    }

    /** Runs one query and maps every row. */
    <T> List<T> list(String sql, Rows.RowMapper<T> mapper, Object... parameters) {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                return Rows.list(Rows.bind(statement, parameters), mapper);
            }
        });
    }

    /** Runs one query and maps its first row, if any. */
    <T> Optional<T> first(String sql, Rows.RowMapper<T> mapper, Object... parameters) {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                return Rows.first(Rows.bind(statement, parameters), mapper);
            }
        });
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
        for (Connection connection : all) {
            try {
                connection.close();
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
