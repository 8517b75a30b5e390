package dev.cairn.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The data source contract on the machine's MariaDB, each test in its own database. */
class MariaDbSqlSourceTest extends SqlSourceContract {

    static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    private final String database = "cairn_sql_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Override
    SqlSource createDatabase() throws SQLException {
        try (Connection connection = admin(SERVER + "test"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
            statement.execute("USE " + database);
            for (String sql : fixture(" COMMENT='People who buy'", " COMMENT 'Full name'")) {
                statement.execute(sql);
            }
            statement.execute("CREATE SEQUENCE ids");
        }
        return SqlSource.of("crm", SERVER + database, "root", null);
    }

    @Override
    void dropDatabase() throws SQLException {
        try (Connection connection = admin(SERVER + "test"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    @Override
    Connection adminConnection() throws SQLException {
        return admin(SERVER + database);
    }

    private static Connection admin(String url) throws SQLException {
        try {
            return DriverManager.getConnection(url, "root", "");
        } catch (SQLException e) {
            throw new SQLException("MariaDB is not reachable at 127.0.0.1:3306 as root (start it; .ci/run does): " + e.getMessage(), e);
        }
    }

    @Override
    String slowQuery() {
        return "SELECT SLEEP(5)";
    }

    @Test
    void aSequenceIsNotAdvancedThroughTheReadOnlyTransaction() throws SQLException {
        String before = scalar("SELECT next_not_cached_value FROM ids");
        assertThat(error(query("{\"sql\":\"SELECT NEXTVAL(ids)\"}"))).startsWith("the database refused the query:");
        assertThat(scalar("SELECT next_not_cached_value FROM ids")).isEqualTo(before);
    }

    @Test
    void aWrongPasswordIsAClearFailureThatNeverShowsIt() {
        SqlToolKind toolKind = SqlToolKind.create(Map.of("crm", new SqlSource("crm", source.url(), "cairn_nobody", PASSWORD,
                10, 4096, Duration.ofSeconds(2))));
        try {
            String error = error(call(tool(toolKind, "crm", "crm_query"), "{\"sql\":\"SELECT 1\"}"));
            assertThat(error).startsWith("could not connect to data source 'crm':").contains("Access denied");
            assertClean(error);
        } finally {
            toolKind.close();
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
