package dev.cairn.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The data source contract on the machine's PostgreSQL, each test in its own schema of database {@code test}. */
class PostgresSqlSourceTest extends SqlSourceContract {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private final String schema = "cairn_sql_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Override
    SqlSource createDatabase() throws SQLException {
        try (Connection connection = admin(SERVER); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("SET search_path TO " + schema);
            for (String sql : fixture("", "")) {
                statement.execute(sql);
            }
            statement.execute("COMMENT ON TABLE customers IS 'People who buy'");
            statement.execute("COMMENT ON COLUMN customers.name IS 'Full name'");
            statement.execute("CREATE SEQUENCE ids");
        }
        return SqlSource.of("crm", SERVER + "?currentSchema=" + schema, "postgres", null);
    }

    @Override
    void dropDatabase() throws SQLException {
        try (Connection connection = admin(SERVER); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Override
    Connection adminConnection() throws SQLException {
        return admin(SERVER + "?currentSchema=" + schema);
    }

    static Connection admin(String url) throws SQLException {
        try {
            return DriverManager.getConnection(url, "postgres", "");
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is not reachable at 127.0.0.1:5432 as postgres (start it; .ci/run does): " + e.getMessage(), e);
        }
    }

    @Override
    String slowQuery() {
        return "SELECT pg_sleep(5)";
    }

    @Override
    String passwordFor(SqlSource of) {
        return PASSWORD; // trust authentication: any password connects
    }

    @Test
    void functionsThatWriteAreRefusedByTheReadOnlyTransaction() throws SQLException {
        String sequenceBefore = scalar("SELECT last_value || '/' || is_called FROM ids");
        String objectsBefore = scalar("SELECT count(*) FROM pg_largeobject_metadata");
        assertThat(error(query("{\"sql\":\"SELECT nextval('ids')\"}"))).contains("read-only transaction");
        assertThat(error(query("{\"sql\":\"SELECT setval('ids', 42)\"}"))).contains("read-only transaction");
        // PostgreSQL lets large objects be made in a read-only transaction; the rollback undoes them
        assertThat(json(query("{\"sql\":\"SELECT lo_create(0) AS oid\"}")).get("rows").get(0).get(0).asLong()).isPositive();
        // reading the server's files acts outside the transaction, and is refused before it runs
        assertThatThrownBy(() -> query("{\"sql\":\"SELECT lo_get(lo_import('/etc/hostname'))\"}"))
                .isInstanceOf(dev.cairn.core.tool.ToolInputException.class).hasMessageContaining("lo_import()");
        assertThatThrownBy(() -> query("{\"sql\":\"SELECT pg_catalog.pg_read_file('/etc/hostname')\"}"))
                .isInstanceOf(dev.cairn.core.tool.ToolInputException.class).hasMessageContaining("pg_read_file()");
        assertThat(scalar("SELECT last_value || '/' || is_called FROM ids")).isEqualTo(sequenceBefore);
        assertThat(scalar("SELECT count(*) FROM pg_largeobject_metadata")).isEqualTo(objectsBefore);
        assertThat(json(query("{\"sql\":\"SELECT count(*) FROM customers\"}")).get("rows").get(0).get(0).asInt()).isEqualTo(3);
    }

    @Test
    void theSchemaToolListsTheSourcesOwnSchemaOnly() throws SQLException {
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE VIEW london AS SELECT * FROM customers WHERE city = 'London'");
        }
        var schemaTool = SqlToolKind.create(Map.of("crm", source));
        try {
            var listing = json(call(tool(schemaTool, "crm", "crm_schema"), "{}"));
            assertThat(listing.get("tables")).extracting(table -> table.get("name").asText() + ":" + table.get("type").asText())
                    .containsExactlyInAnyOrder("customers:table", "london:view");
        } finally {
            schemaTool.close();
        }
    }

    @Test
    void anUnreachableDatabaseIsAClearFailureThatNeverShowsThePassword() {
        for (SqlSource unreachable : List.of(new SqlSource("crm", "jdbc:postgresql://127.0.0.1:1/crm", "reader", PASSWORD,
                        10, 4096, java.time.Duration.ofSeconds(2)),
                new SqlSource("crm", "jdbc:postgresql://127.0.0.1:1/crm?password=" + PASSWORD, "reader", null, 10, 4096,
                        java.time.Duration.ofSeconds(2)))) {
            SqlToolKind toolKind = SqlToolKind.create(Map.of("crm", unreachable));
            try {
                String error = error(call(tool(toolKind, "crm", "crm_query"), "{\"sql\":\"SELECT 1\"}"));
                assertThat(error).startsWith("could not connect to data source 'crm':");
                assertClean(error);
                assertThat(unreachable.toString()).doesNotContain(PASSWORD);
            } finally {
                toolKind.close();
            }
        }
    }

    private String scalar(String sql) throws SQLException {
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
