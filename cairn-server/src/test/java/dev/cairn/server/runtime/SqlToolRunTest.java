package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.ValidationException;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.tools.sql.SqlSource;
import dev.cairn.tools.sql.SqlToolKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent granted a data source reads it inside a run, and cannot write to it. */
class SqlToolRunTest {

    @TempDir
    Path folder;

    @Test
    void anAgentGrantedASourceQueriesItAndItsWritesAreRefused() throws Exception {
        Path file = folder.resolve("crm.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            statement.execute("INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace')");
        }
        try (SqlToolKind sql = SqlToolKind.create(Map.of("crm", SqlSource.of("crm", "jdbc:sqlite:" + file, null, null)));
             RuntimeFixture fixture = RuntimeFixture.in(folder).kind(sql).open()) {
            fixture.agent("""
                    name: analyst
                    tools:
                      - sql: {source: crm}
                    """);
            String session = fixture.session("analyst");
            RunView read = run(fixture, session, "/call crm_query {\"sql\":\"SELECT name FROM customers WHERE id = ?\",\"params\":[2]}");
            assertThat(read.state()).isEqualTo(RunState.COMPLETED);
            assertThat(read.output()).startsWith("crm_query -> {").contains("[[\"Grace\"]]");

            RunView write = run(fixture, session, "/call crm_query {\"sql\":\"DELETE FROM customers\"}");
            assertThat(write.state()).isEqualTo(RunState.COMPLETED);
            assertThat(write.output()).contains("only a single SELECT");
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement statement = connection.createStatement();
                 ResultSet count = statement.executeQuery("SELECT count(*) FROM customers")) {
                assertThat(count.getInt(1)).isEqualTo(2);
            }

            RunView schema = run(fixture, session, "/call crm_schema {}");
            assertThat(schema.output()).contains("\"name\":\"customers\"").contains("\"name\":\"name\"");

            Assertions.assertThatThrownBy(() -> fixture.agent("""
                    name: snoop
                    tools:
                      - sql: {source: payroll}
                    """)).isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("sql.source 'payroll'")));
        }
    }

    private static RunView run(RuntimeFixture fixture, String session, String message) throws InterruptedException {
        return fixture.runtime.awaitRun(RuntimeFixture.TENANT,
                fixture.runtime.postMessage(RuntimeFixture.TENANT, session, message, null).run().id(), Duration.ofSeconds(20));
    }
}
