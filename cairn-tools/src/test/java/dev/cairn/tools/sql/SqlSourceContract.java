package dev.cairn.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every database a data source may name must guarantee, run against the real database:
 * each test gets its own database (or schema) with a {@code customers} table and a sequence,
 * and drops it afterwards.
 */
abstract class SqlSourceContract {

    static final String PASSWORD = "pw-Zq81-never-shown";

    private SqlToolKind kind;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<SqlDatabase> opened = new ArrayList<>();

    /** Creates the test's own database with the fixture and answers a source (with the default limits) on it. */
    abstract SqlSource createDatabase() throws SQLException;

    /** Drops the test's database. */
    abstract void dropDatabase() throws SQLException;

    /** A connection that may write to the test's database, to check what the tools left. */
    abstract Connection adminConnection() throws SQLException;

    /** A query that runs for seconds. */
    abstract String slowQuery();

    /** Whether tables and columns carry comments. */
    boolean hasComments() {
        return true;
    }

    /** The statements that build the fixture, in this database's words. */
    static List<String> fixture(String tableComment, String nameComment) {
        return List.of("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL" + nameComment
                        + ", city VARCHAR(100))" + tableComment,
                "INSERT INTO customers (id, name, city) VALUES (1, 'Ada', 'London'), (2, 'Grace', 'New York'), (3, 'Linus', 'Helsinki')");
    }

    SqlSource source;

    @BeforeEach
    void createSource() throws SQLException {
        source = createDatabase();
        kind = SqlToolKind.create(Map.of(source.name(), source));
    }

    @AfterEach
    void dropSource() throws SQLException {
        kind.close();
        opened.forEach(SqlDatabase::close);
        timer.shutdownNow();
        dropDatabase();
    }

    private Map<String, Tool> tools(SqlToolKind toolKind, String sourceName) {
        ToolEntry entry = ToolEntry.declared("sql", null, Json.constant("{\"source\":\"" + sourceName + "\"}"));
        assertThat(toolKind.problems(entry)).isEmpty();
        Map<String, Tool> byName = new java.util.LinkedHashMap<>();
        toolKind.tools(null, entry).forEach(tool -> byName.put(tool.definition().name(), tool));
        return byName;
    }

    ToolOutcome query(String arguments) {
        return query(kind, arguments);
    }

    private ToolOutcome query(SqlToolKind toolKind, String arguments) {
        return call(tools(toolKind, source.name()).get(source.name() + "_query"), arguments);
    }

    /** Calls {@code tool} with {@code arguments} (a JSON object). */
    static ToolOutcome call(Tool tool, String arguments) {
        try {
            return tool.call(invocation(arguments));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The tool the model calls {@code name} of an entry for the source {@code sourceName}. */
    static Tool tool(SqlToolKind toolKind, String sourceName, String name) {
        return toolKind.tools(null, ToolEntry.declared("sql", null, Json.constant("{\"source\":\"" + sourceName + "\"}")))
                .stream().filter(tool -> tool.definition().name().equals(name)).findFirst().orElseThrow();
    }

    static ToolInvocation invocation(String arguments) {
        return new ToolInvocation("t", "ses", "run", "call", "key", Json.constant(arguments), Map.of());
    }

    /** The customers table as it is, read through a writable connection. */
    String customers() throws SQLException {
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, name, city FROM customers ORDER BY id")) {
            StringBuilder text = new StringBuilder();
            while (rows.next()) {
                text.append(rows.getInt(1)).append('|').append(rows.getString(2)).append('|').append(rows.getString(3)).append('\n');
            }
            return text.toString();
        }
    }

    static JsonNode json(ToolOutcome outcome) {
        assertThat(outcome).isInstanceOf(ToolOutcome.Success.class);
        return Json.constant(((ToolOutcome.Success) outcome).output());
    }

    static String error(ToolOutcome outcome) {
        assertThat(outcome).isInstanceOf(ToolOutcome.Failure.class);
        return ((ToolOutcome.Failure) outcome).error();
    }

    static void assertClean(String message) {
        assertThat(message).doesNotContain(PASSWORD).doesNotContain("\tat ").doesNotContain("Exception");
    }

    SqlDatabase database(SqlSource of) {
        SqlDatabase database = new SqlDatabase(of, timer);
        opened.add(database);
        return database;
    }

    @Test
    void theEntryGivesASchemaToolAndAQueryToolNamedAfterTheSource() {
        assertThat(tools(kind, source.name())).containsOnlyKeys(source.name() + "_schema", source.name() + "_query");
    }

    @Test
    void theSchemaToolListsTablesColumnsTypesAndComments() {
        JsonNode schema = json(call(tools(kind, source.name()).get(source.name() + "_schema"), "{}"));
        JsonNode customers = null;
        for (JsonNode table : schema.get("tables")) {
            if (table.get("name").asText().equalsIgnoreCase("customers")) {
                customers = table;
            }
        }
        assertThat(customers).as("customers in %s", schema).isNotNull();
        assertThat(customers.get("columns")).extracting(column -> column.get("name").asText().toLowerCase())
                .containsExactly("id", "name", "city");
        JsonNode name = customers.get("columns").get(1);
        assertThat(name.get("type").asText().toLowerCase()).contains("char");
        assertThat(name.get("nullable").asBoolean()).isFalse();
        if (hasComments()) {
            assertThat(customers.get("comment").asText()).isEqualTo("People who buy");
            assertThat(name.get("comment").asText()).isEqualTo("Full name");
        }
    }

    @Test
    void aQueryAnswersItsRowsWithParametersBound() {
        JsonNode result = json(query("{\"sql\":\"SELECT name, city FROM customers WHERE id >= ? ORDER BY id\",\"params\":[2]}"));
        assertThat(result.get("columns")).extracting(column -> column.get("name").asText().toLowerCase())
                .containsExactly("name", "city");
        assertThat(result.get("rows").toString()).isEqualTo("[[\"Grace\",\"New York\"],[\"Linus\",\"Helsinki\"]]");
        assertThat(result.get("row_count").asInt()).isEqualTo(2);
        assertThat(result.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void rowsBeyondMaxRowsAreCutAndTheResultSaysSo() {
        SqlToolKind limited = SqlToolKind.create(Map.of(source.name(), source.withLimits(2, 1024 * 1024, Duration.ofSeconds(10))));
        try {
            JsonNode result = json(query(limited, "{\"sql\":\"SELECT id FROM customers ORDER BY id\"}"));
            assertThat(result.get("rows").toString()).isEqualTo("[[1],[2]]");
            assertThat(result.get("truncated").asBoolean()).isTrue();
            assertThat(result.get("truncated_by").asText()).isEqualTo("max_rows");
        } finally {
            limited.close();
        }
    }

    @Test
    void rowsBeyondMaxBytesAreCutAndTheResultSaysSo() {
        SqlToolKind limited = SqlToolKind.create(Map.of(source.name(), source.withLimits(500, 1024, Duration.ofSeconds(10))));
        try {
            JsonNode result = json(query(limited, "{\"sql\":\"SELECT id, ? AS padding FROM customers ORDER BY id\",\"params\":[\""
                    + "x".repeat(400) + "\"]}"));
            assertThat(result.get("row_count").asInt()).isEqualTo(2);
            assertThat(result.get("truncated_by").asText()).isEqualTo("max_bytes");
            assertThat(result.toString().length()).isLessThan(1024 + 400);
        } finally {
            limited.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO customers (id, name) VALUES (9, 'Mallory')",
            "UPDATE customers SET name = 'Mallory'",
            "DELETE FROM customers",
            "DROP TABLE customers",
            "CREATE TABLE stolen (id INTEGER)",
            "SELECT 1; DELETE FROM customers",
            "SELECT id FROM customers; DROP TABLE customers",
            "WITH gone AS (DELETE FROM customers RETURNING id) SELECT * FROM gone",
            "WITH moved AS (UPDATE customers SET city = 'Paris' RETURNING id) SELECT count(*) FROM moved",
            "WITH added AS (INSERT INTO customers (id, name) VALUES (9, 'Mallory') RETURNING id) SELECT * FROM added",
            "SELECT * FROM customers FOR UPDATE",
            "SELECT * INTO stolen FROM customers",
            "TRUNCATE customers",
            "GRANT ALL ON customers TO PUBLIC",
            "SELECT * FROM customers WHERE"})
    void anythingButASingleSelectIsRefusedAndTheTableIsUnchanged(String sql) throws SQLException {
        String before = customers();
        assertThatThrownBy(() -> query("{\"sql\":" + Json.write(sql) + "}")).isInstanceOf(ToolInputException.class)
                .satisfies(e -> assertClean(e.getMessage()));
        assertThat(customers()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO customers (id, name) VALUES (9, 'Mallory')",
            "UPDATE customers SET name = 'Mallory'",
            "DELETE FROM customers",
            "DROP TABLE customers",
            "CREATE TABLE stolen (id INTEGER)"})
    void theTransactionRefusesWritesEvenWhenTheStatementIsNotChecked(String sql) throws SQLException {
        String before = customers();
        SqlDatabase database = database(source);
        assertThatThrownBy(() -> database.read((connection, watchdog) -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate(sql);
            }
        })).isInstanceOf(SqlFailure.class).hasMessageStartingWith("the database refused the query:")
                .satisfies(e -> assertClean(e.getMessage()));
        assertThat(customers()).isEqualTo(before);
    }

    @Test
    void aQueryOverTheTimeoutIsStoppedWithAClearError() throws SQLException {
        SqlToolKind quick = SqlToolKind.create(Map.of(source.name(), source.withLimits(500, 1024 * 1024, Duration.ofMillis(500))));
        try {
            String error = error(query(quick, "{\"sql\":" + Json.write(slowQuery()) + "}"));
            assertThat(error).contains("ran longer than the timeout").contains("500ms");
            assertClean(error);
            // the connection it ran on is fine for the next query
            assertThat(json(query(quick, "{\"sql\":\"SELECT count(*) AS n FROM customers\"}")).get("rows").get(0).get(0).asInt())
                    .isEqualTo(3);
        } finally {
            quick.close();
        }
    }

    @Test
    void aQueryTheDatabaseRejectsIsAClearFailureWithoutStackOrPassword() {
        SqlToolKind withPassword = SqlToolKind.create(Map.of(source.name(), new SqlSource(source.name(), source.url(),
                source.user(), passwordFor(source), 500, 1024 * 1024, Duration.ofSeconds(10))));
        try {
            String error = error(query(withPassword, "{\"sql\":\"SELECT missing_column FROM no_such_table\"}"));
            assertThat(error).startsWith("the database refused the query:").containsIgnoringCase("no_such_table");
            assertClean(error);
        } finally {
            withPassword.close();
        }
    }

    /** The password the source may be given and still connect (trust, or the real one). */
    String passwordFor(SqlSource of) {
        return of.password();
    }

    @Test
    void wrongParametersAreAClearFailure() {
        assertThatThrownBy(() -> query("{\"sql\":\"SELECT id FROM customers WHERE id = ?\",\"params\":[1, 2]}"))
                .isInstanceOf(ToolInputException.class).hasMessage("the query has 1 ? placeholder but params has 2 values");
        assertThatThrownBy(() -> query("{\"sql\":\"SELECT id FROM customers WHERE id = ? OR id = ?\",\"params\":[1]}"))
                .isInstanceOf(ToolInputException.class).hasMessage("the query has 2 ? placeholders but params has 1 value");
        assertThatThrownBy(() -> query("{\"sql\":\"SELECT 1\",\"params\":\"x\"}")).isInstanceOf(ToolInputException.class)
                .hasMessageContaining("params");
    }
}
