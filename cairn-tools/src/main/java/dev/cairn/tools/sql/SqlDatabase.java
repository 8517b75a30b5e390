package dev.cairn.tools.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One data source's connections: a small pool of read-only connections, each query in its own
 * read-only transaction that is rolled back afterwards, stopped when it runs past the source's
 * timeout. The pool connects lazily, so a database that is down fails queries, not the server's
 * start. Thread-safe.
 */
final class SqlDatabase implements AutoCloseable {

    /** Work done inside one read-only transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection, Watchdog watchdog) throws SQLException;
    }

    /** Cancels a statement that runs past the source's timeout, and remembers that it did. */
    static final class Watchdog {
        private final ScheduledExecutorService timer;
        private final Duration timeout;
        private final AtomicBoolean fired = new AtomicBoolean();

        private Watchdog(ScheduledExecutorService timer, Duration timeout) {
            this.timer = timer;
            this.timeout = timeout;
        }

        /** Starts timing {@code statement}; close the answer when it is done. */
        AutoCloseable watch(PreparedStatement statement) throws SQLException {
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds() + 1));
            ScheduledFuture<?> cancel = timer.schedule(() -> {
                fired.set(true);
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    // the statement finished or its connection closed meanwhile
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            return () -> cancel.cancel(false);
        }

        boolean fired() {
            return fired.get();
        }
    }

    private final SqlSource source;
    private final ScheduledExecutorService timer;
    private final HikariDataSource pool;

    SqlDatabase(SqlSource source, ScheduledExecutorService timer) {
        this.source = source;
        this.timer = timer;
        HikariConfig config = new HikariConfig();
        config.setPoolName("cairn-sql-" + source.name());
        config.setJdbcUrl(SqlDialect.driverUrl(source.url()));
        if (source.user() != null) {
            config.setUsername(source.user());
        }
        if (source.password() != null) {
            config.setPassword(source.password());
        }
        config.setReadOnly(true);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(Math.max(250, Math.min(source.timeout().toMillis(), 10_000)));
        source.dialect().configure(config);
        this.pool = new HikariDataSource(config);
    }

    SqlSource source() {
        return source;
    }

    /**
     * Runs {@code work} in a read-only transaction and rolls it back.
     *
     * @throws SqlFailure with a message fit for the model (no password, no stack trace)
     */
    <T> T read(Work<T> work) {
        Watchdog watchdog = new Watchdog(timer, source.timeout());
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            throw new SqlFailure("could not connect to data source '" + source.name() + "': "
                    + SqlErrors.describe(e, source.password()));
        }
        try (connection) {
            try {
                source.dialect().begin(connection, source.timeout());
                return work.run(connection, watchdog);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            if (watchdog.fired() || timedOut(e)) {
                throw new SqlFailure("the query ran longer than the timeout of data source '" + source.name() + "' ("
                        + source.timeout().toMillis() + "ms) and was stopped; make it cheaper or narrower");
            }
            throw new SqlFailure("the database refused the query: " + SqlErrors.describe(e, source.password()));
        }
    }

    /** PostgreSQL's statement timeout (57014) and MariaDB's max_statement_time (1969). */
    private static boolean timedOut(SQLException e) {
        return "57014".equals(e.getSQLState()) || e.getErrorCode() == 1969;
    }

    @Override
    public void close() {
        pool.close();
    }
}
