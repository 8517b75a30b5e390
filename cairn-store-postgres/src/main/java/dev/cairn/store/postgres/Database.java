package dev.cairn.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.core.CairnException;
import dev.cairn.core.event.Event;
import dev.cairn.core.store.EventStore.AppendListener;
import dev.cairn.core.store.StoreException;
import dev.cairn.store.jdbc.Rows;
import dev.cairn.store.jdbc.SqlReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The connection pool (HikariCP) of one {@link PostgresStore}, and the two ways the store uses it:
 * a write runs in a READ COMMITTED transaction of its own, takes the row locks it needs explicitly,
 * and commits before its caller hears of it; a read runs as one statement in auto-commit and sees
 * the last commit. A write that fails on a deadlock or a serialization failure (the server chose it
 * to give way) is run again from the start, a few times; any other failure rolls it back whole.
 * Thread-safe.
 */
final class Database implements AutoCloseable, SqlReader {

    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    private static final String MIGRATIONS = "classpath:db/migration/postgres";
    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final int ATTEMPTS = 5;

    private final HikariDataSource pool;
    private final Clock clock;
    private final String name;
    private final List<AppendListener> listeners = new CopyOnWriteArrayList<>();
    private final PostgresChangeFeed feed;

    private Database(HikariDataSource pool, Clock clock, String name, PostgresChangeFeed feed) {
        this.pool = pool;
        this.clock = clock;
        this.name = name;
        this.feed = feed;
    }

    /**
     * Opens the pool (failing when the server does not answer within the connect timeout) and
     * brings the schema up to date. Several nodes may start at once: Flyway serialises their
     * migrations with an advisory lock.
     */
    static Database open(PostgresStoreOptions options, Clock clock) {
        String name = "PostgreSQL database '" + options.database() + "' at " + options.hostAndPort();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.jdbcUrl());
        config.setUsername(options.user());
        config.setPassword(options.password());
        config.setMaximumPoolSize(options.poolSize());
        config.setMinimumIdle(Math.min(2, options.poolSize()));
        config.setConnectionTimeout(options.connectTimeout().toMillis());
        config.setInitializationFailTimeout(options.connectTimeout().toMillis());
        config.setPoolName("cairn-postgres");
        config.setConnectionInitSql("SET idle_in_transaction_session_timeout = " + options.idleInTransaction().toMillis());
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot reach the " + name + ": " + rootMessage(e), e);
        }
        try {
            // Connections of Flyway's own: it holds one for its lock while migrating on another,
            // which a pool of one connection could never give it.
            Flyway.configure()
                    .dataSource(options.jdbcUrl(), options.user(), options.password())
                    .locations(MIGRATIONS)
                    .outOfOrder(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("cannot prepare the schema of the " + name + ": " + e.getMessage(), e);
        }
        return new Database(pool, clock, name, new PostgresChangeFeed(options));
    }

    /**
     * Runs {@code task} in a transaction of its own, announces the events it published to the other
     * nodes in the same transaction, and commits it; then calls the listeners with those events.
     *
     * @throws CairnException the task's own failure, or {@link StoreException} when the database
     *     fails; nothing of the task is stored in either case
     */
    <T> T write(WriteTask<T> task) {
        for (int attempt = 1; ; attempt++) {
            Transaction transaction;
            T result;
            try (Connection connection = pool.getConnection()) {
                connection.setAutoCommit(false);
                transaction = new Transaction(connection, clock);
                try {
                    result = task.run(transaction);
                    feed.announce(transaction, transaction.changes());
                    connection.commit();
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(connection, e);
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (CairnException e) {
                throw e;
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && retryable(e)) {
                    continue;
                }
                throw new StoreException("write to the " + name + " failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new StoreException("write to the " + name + " failed: " + e.getMessage(), e);
            }
            notifyListeners(transaction.published());
            return result;
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

    /** A connection for a read of several statements; the caller closes it. */
    Connection readConnection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * A connection of its own, outside the pool, for a session that must outlive transactions (a
     * duty's advisory lock) without taking one of the pool's connections; the caller closes it.
     */
    Connection dedicatedConnection() throws SQLException {
        if (pool.isClosed()) {
            throw new SQLException("the store is closed");
        }
        return DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
    }

    StoreException readFailed(SQLException e) {
        return new StoreException("read from the " + name + " failed: " + e.getMessage(), e);
    }

    /** What other nodes commit to this database. */
    PostgresChangeFeed changes() {
        return feed;
    }

    void addListener(AppendListener listener) {
        listeners.add(listener);
    }

    /** True while the pool is open and the database answers within a second. */
    boolean ready() {
        if (pool.isClosed()) {
            return false;
        }
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        feed.close();
        pool.close();
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T query(String sql, Query<T> query) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            return query.run(statement);
        } catch (SQLException e) {
            throw readFailed(e);
        } catch (RuntimeException e) {
            if (e instanceof CairnException) {
                throw e;
            }
            throw new StoreException("read from the " + name + " failed: " + e.getMessage(), e);
        }
    }

    private void notifyListeners(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        for (AppendListener listener : listeners) {
            try {
                listener.appended(events);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "append listener " + listener + " failed", e);
            }
        }
    }

    private static boolean retryable(SQLException e) {
        return DEADLOCK.equals(e.getSQLState()) || SERIALIZATION_FAILURE.equals(e.getSQLState());
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
