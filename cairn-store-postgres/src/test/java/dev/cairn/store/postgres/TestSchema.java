package dev.cairn.store.postgres;

import dev.cairn.testing.postgres.TestDatabase;
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
 * A schema of its own for each test, in a database of the test class's own ({@link TestDatabase}:
 * created fresh before the class's first test and dropped after its last), in the machine's
 * PostgreSQL. The schema is made before the test and dropped after it. Register it with
 * {@code @RegisterExtension}; stores opened through it all see the same schema within one test.
 * When PostgreSQL does not answer, the test fails saying so: nothing is skipped.
 */
final class TestSchema implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestSchema.class);

    private TestDatabase database;
    private String schema;

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        ExtensionContext classContext = context.getParent().orElseThrow();
        database = classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent("database", key -> new ClassDatabase(TestDatabase.create("store")), ClassDatabase.class)
                .database();
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
        return PostgresStoreOptions.of(url(), TestDatabase.USER, null).withPoolSize(4);
    }

    PostgresStore open(Clock clock) {
        return PostgresStore.open(options(), clock);
    }

    String name() {
        return schema;
    }

    /** A connection to this test's schema, for looking behind the store. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), TestDatabase.USER, null);
    }

    private String url() {
        return database.jdbcUrl() + "?currentSchema=" + schema;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The class's database, dropped when JUnit closes the class's store. */
    private record ClassDatabase(TestDatabase database) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            database.close();
        }
    }
}
