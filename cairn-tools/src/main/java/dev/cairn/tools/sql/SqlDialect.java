package dev.cairn.tools.sql;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * What differs between the databases a {@link SqlSource} may name: how a connection is opened
 * read-only, how a read-only transaction begins with a statement timeout, and which schema
 * holds the tables an agent is shown by default.
 */
enum SqlDialect {

    POSTGRESQL {
        @Override
        void begin(Connection connection, Duration timeout) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION READ ONLY");
                statement.execute("SET LOCAL statement_timeout = " + timeout.toMillis());
                statement.execute("SET LOCAL idle_in_transaction_session_timeout = " + Math.max(1000, 2 * timeout.toMillis()));
            }
        }

        @Override
        String defaultSchema(Connection connection) throws SQLException {
            return connection.getSchema();
        }
    },

    MARIADB {
        @Override
        void begin(Connection connection, Duration timeout) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET SESSION max_statement_time = " + Math.max(0.001, timeout.toMillis() / 1000.0));
                // session-wide as well: DDL commits implicitly and would run outside the transaction below
                statement.execute("SET SESSION TRANSACTION READ ONLY");
                statement.execute("START TRANSACTION READ ONLY");
            }
        }

        @Override
        String defaultCatalog(Connection connection) throws SQLException {
            return connection.getCatalog();
        }
    },

    SQLITE {
        @Override
        void configure(HikariConfig pool) {
            // Opened read-only (the file cannot be written through it), and the connection refuses writes too.
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.toProperties().forEach((key, value) -> pool.addDataSourceProperty(key.toString(), value));
            pool.setConnectionInitSql("PRAGMA query_only = ON");
        }

        @Override
        void begin(Connection connection, Duration timeout) {
            // read-only from the moment it is opened; the watchdog interrupts a query over the timeout
        }
    };

    /** The dialect a JDBC URL names, if it is one Cairn supports. */
    static Optional<SqlDialect> of(String url) {
        if (url == null) {
            return Optional.empty();
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Optional.of(POSTGRESQL);
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return Optional.of(MARIADB);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return Optional.of(SQLITE);
        }
        return Optional.empty();
    }

    /** Settings of the pool beyond read-only, no auto-commit and the credentials. */
    void configure(HikariConfig pool) {
    }

    /** Begins the read-only transaction one query runs in, with the statement timeout where the server has one. */
    abstract void begin(Connection connection, Duration timeout) throws SQLException;

    /** The schema whose tables the schema tool lists by default (null: any). */
    String defaultSchema(Connection connection) throws SQLException {
        return null;
    }

    /** The catalog (MariaDB: database) whose tables the schema tool lists by default (null: any). */
    String defaultCatalog(Connection connection) throws SQLException {
        return null;
    }

    /** The JDBC URL a MariaDB source connects with: {@code jdbc:mysql:} is answered by the MariaDB driver too. */
    static String driverUrl(String url) {
        return url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
    }
}
