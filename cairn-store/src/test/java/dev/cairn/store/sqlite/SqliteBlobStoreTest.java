package dev.cairn.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.store.Store;
import dev.cairn.testing.BlobStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path directory;

    @Override
    protected Store openStore(Clock clock) {
        return SqliteStore.open(directory.resolve("cairn.db"), clock);
    }

    @Test
    void theSameOutputStoredThriceTakesOneRow() throws SQLException {
        createSession("s1");
        createSession("s2");
        String output = largeOutput("same");

        store.events().appendAndWait("s1", 1, List.of(toolCompleted("c1", output), toolCompleted("c2", output)));
        store.events().appendAndWait("s2", 1, List.of(toolCompleted("c3", output)));

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cairn.db"));
             Statement statement = connection.createStatement()) {
            assertThat(longs(statement, "SELECT count(*), sum(size), sum(length(content)) FROM blobs"))
                    .containsExactly(1L, 100L * 1024, 100L * 1024);
            assertThat(longs(statement, "SELECT count(*) FROM blob_refs")).containsExactly(2L);
            assertThat(longs(statement, "SELECT max(length(payload)) FROM events")).singleElement()
                    .satisfies(length -> assertThat(length).isLessThan(5_000L));
        }
    }

    private static List<Long> longs(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            List<Long> values = new java.util.ArrayList<>();
            for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                values.add(row.getLong(column));
            }
            return values;
        }
    }
}
