package dev.cairn.bench.jmh;

import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import dev.cairn.tools.sql.SqlSource;
import dev.cairn.tools.sql.SqlToolKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One call of a data source's query tool on a SQLite file of 1,000 customers: parsing and
 * checking the statement, a pooled read-only connection, a read-only transaction rolled back,
 * and the rows as JSON. Ten rows, five hundred rows (the default max_rows), and a write refused
 * by the parser before any connection is taken.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SqlQueryBenchmark {

    private Path folder;
    private SqlToolKind kind;
    private Tool query;
    private ToolInvocation tenRows;
    private ToolInvocation fiveHundredRows;
    private ToolInvocation write;

    @Setup(Level.Trial)
    public void prepare() throws IOException, SQLException {
        folder = Files.createTempDirectory("cairn-sql-bench");
        Path file = folder.resolve("crm.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, balance REAL)");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?)")) {
                for (int id = 1; id <= 1000; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "Customer " + id);
                    insert.setString(3, id % 2 == 0 ? "London" : "Helsinki");
                    insert.setDouble(4, id * 1.25);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        kind = SqlToolKind.create(Map.of("crm", SqlSource.of("crm", "jdbc:sqlite:" + file, null, null)));
        query = kind.tools(null, ToolEntry.declared("sql", null, Json.constant("{\"source\":\"crm\"}"))).get(1);
        tenRows = invocation("{\"sql\":\"SELECT id, name, city, balance FROM customers WHERE city = ? ORDER BY id LIMIT 10\",\"params\":[\"London\"]}");
        fiveHundredRows = invocation("{\"sql\":\"SELECT id, name, city, balance FROM customers ORDER BY id\"}");
        write = invocation("{\"sql\":\"WITH gone AS (DELETE FROM customers RETURNING id) SELECT * FROM gone\"}");
    }

    private static ToolInvocation invocation(String arguments) {
        return new ToolInvocation("t", "ses", "run", "call", "key", Json.constant(arguments), Map.of());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        kind.close();
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public ToolOutcome queryTenRows() throws InterruptedException {
        return query.call(tenRows);
    }

    @Benchmark
    public ToolOutcome queryFiveHundredRows() throws InterruptedException {
        return query.call(fiveHundredRows);
    }

    @Benchmark
    public String refuseAWrite() throws InterruptedException {
        try {
            query.call(write);
            throw new IllegalStateException("a write was not refused");
        } catch (ToolInputException e) {
            return e.getMessage();
        }
    }
}
