package dev.cairn.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of its own for each test in the machine's PostgreSQL ({@code 127.0.0.1:5432}, database
 * {@code test}, user {@code postgres}, trust authentication), made before the test and dropped
 * after it. Register it with {@code @RegisterExtension}; stores opened through it all see the same
 * schema within one test. When PostgreSQL does not answer, the test fails saying so: nothing is
 * skipped.
 */
final class TestSchema implements BeforeEachCallback, AfterEachCallback {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    private String schema;

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        schema = "cairn_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + schema);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Options for a store on this test's schema. */
    PostgresStoreOptions options() {
        return PostgresStoreOptions.of(SERVER + "?currentSchema=" + schema, USER, null).withPoolSize(4);
    }

    PostgresStore open(Clock clock) {
        return PostgresStore.open(options(), clock);
    }

    String name() {
        return schema;
    }

    /** A connection to this test's schema, for looking behind the store. */
    Connection connect() throws SQLException {
        return connect(SERVER + "?currentSchema=" + schema);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect(SERVER); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(String url) throws SQLException {
        try {
            return DriverManager.getConnection(url, USER, "");
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is not reachable at 127.0.0.1:5432 as " + USER
                    + " (database test; start it, as .ci/run does): " + e.getMessage(), e);
        }
    }
}
