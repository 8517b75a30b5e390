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
}
