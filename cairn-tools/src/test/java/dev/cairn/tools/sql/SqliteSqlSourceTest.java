package dev.cairn.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The data source contract on a SQLite file of the test's own. */
class SqliteSqlSourceTest extends SqlSourceContract {

    private Path folder;
    private Path file;

    @Override
    SqlSource createDatabase() throws SQLException {
        try {
            folder = Files.createTempDirectory("cairn-sql");
        } catch (IOException e) {
            throw new SQLException(e);
        }
        file = folder.resolve("crm.db");
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
            for (String sql : fixture("", "")) {
                statement.execute(sql);
            }
        }
        return SqlSource.of("crm", "jdbc:sqlite:" + file, null, null);
    }

    @Override
    void dropDatabase() throws SQLException {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new SQLException(e);
        }
    }

    @Override
    Connection adminConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @Override
    boolean hasComments() {
        return false;
    }

    @Override
    String slowQuery() {
        return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000) SELECT count(*) FROM n";
    }

    @Test
    void theFileIsOpenedReadOnly() throws SQLException {
        long modified = file.toFile().lastModified();
        SqlDatabase database = database(source);
        String error = org.assertj.core.api.Assertions.catchThrowable(() -> database.read((connection, watchdog) -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("CREATE TABLE stolen (id INTEGER)");
            }
        })).getMessage();
        assertThat(error).containsIgnoringCase("readonly");
        assertThat(file.toFile().lastModified()).isEqualTo(modified);
        assertThat(customers()).contains("1|Ada|London");
    }

    @Test
    void aSourceGrantedToSomeTenantsAnswersOnlyTheirAgents() throws Exception {
        SqlSource granted = new SqlSource(source.name(), source.url(), null, null, SqlSource.DEFAULT_MAX_ROWS,
                SqlSource.DEFAULT_MAX_BYTES, SqlSource.DEFAULT_TIMEOUT, java.util.List.of("acme"));
        try (SqlToolKind kind = SqlToolKind.create(java.util.Map.of(granted.name(), granted))) {
            for (String name : java.util.List.of("crm_query", "crm_schema")) {
                dev.cairn.core.tool.Tool tool = tool(kind, "crm", name);
                String arguments = "{\"sql\": \"SELECT name FROM customers WHERE id = 1\"}";
                dev.cairn.core.tool.ToolOutcome other = tool.call(new dev.cairn.core.tool.ToolInvocation("globex", "ses", "run",
                        "call", "key", dev.cairn.core.json.Json.constant(arguments), java.util.Map.of()));
                assertThat(other).isInstanceOfSatisfying(dev.cairn.core.tool.ToolOutcome.Failure.class, failure ->
                        assertThat(failure.error()).isEqualTo("data source 'crm' is not granted to this tenant"));
                dev.cairn.core.tool.ToolOutcome own = tool.call(new dev.cairn.core.tool.ToolInvocation("acme", "ses", "run",
                        "call", "key", dev.cairn.core.json.Json.constant(arguments), java.util.Map.of()));
                assertThat(own).isInstanceOf(dev.cairn.core.tool.ToolOutcome.Success.class);
            }
        }
        java.util.List<String> problems = new java.util.ArrayList<>();
        SqlSource.parse(dev.cairn.core.json.Json.constant("{\"crm\": {\"url\": \"jdbc:sqlite:x.db\", \"tenants\": []}}"),
                name -> null, problems);
        assertThat(problems).containsExactly("data_sources.crm.tenants must be a non-empty list of tenant ids");
    }
}
