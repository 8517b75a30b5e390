package dev.cairn.tools.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Grants an agent read-only access to a data source of the server's configuration:
 *
 * <pre>
 * tools:
 *   - sql: {source: crm}
 * </pre>
 *
 * gives the agent {@code crm_schema} (tables, columns, types, comments) and {@code crm_query}
 * (one {@code SELECT} with {@code ?} parameters). Queries are refused unless JSqlParser reads
 * them as a single {@code SELECT}, and run on a read-only connection in a read-only transaction
 * that is rolled back, within the source's row, byte and time limits.
 *
 * <p>Thread-safe. Owns one connection pool per source; {@link #close()} closes them.
 */
public final class SqlToolKind implements ToolKind, AutoCloseable {

    private final Map<String, SqlDatabase> databases;
    private final ScheduledExecutorService timer;

    private SqlToolKind(Map<String, SqlSource> sources) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon()
                .name("cairn-sql-timeout").factory());
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = Executors.unconfigurableScheduledExecutorService(scheduler);
        Map<String, SqlDatabase> byName = new LinkedHashMap<>();
        sources.forEach((name, source) -> byName.put(name, new SqlDatabase(source, timer)));
        this.databases = Map.copyOf(byName);
    }

    /** A kind serving these sources, by name. Connects to none of them until a query needs it. */
    public static SqlToolKind create(Map<String, SqlSource> sources) {
        return new SqlToolKind(sources);
    }

    @Override
    public String key() {
        return "sql";
    }

    @Override
    public List<String> problems(ToolEntry entry) {
        List<String> problems = new ArrayList<>();
        JsonNode sql = entry.declaration(key());
        if (sql == null || !sql.isObject()) {
            problems.add("sql must be an object naming a data source: {source: NAME}");
            return problems;
        }
        sql.fieldNames().forEachRemaining(field -> {
            if (!field.equals("source")) {
                problems.add("sql." + field + " is not a known key (known: source)");
            }
        });
        String source = sql.path("source").asText("");
        if (!databases.containsKey(source)) {
            problems.add("sql.source '" + source + "' is not a data source of this server (configured: "
                    + (databases.isEmpty() ? "none" : String.join(", ", databases.keySet().stream().sorted().toList())) + ")");
        }
        return problems;
    }

    /** The query tool of the entry's source. */
    @Override
    public Tool create(ToolEntry entry) {
        return new SqlQueryTool(database(entry));
    }

    /** The schema tool and the query tool of the entry's source. */
    @Override
    public List<Tool> tools(AgentSpec agent, ToolEntry entry) {
        SqlDatabase database = database(entry);
        return List.of(new SqlSchemaTool(database), new SqlQueryTool(database));
    }

    private SqlDatabase database(ToolEntry entry) {
        String source = entry.declaration(key()).path("source").asText();
        SqlDatabase database = databases.get(source);
        if (database == null) {
            throw new IllegalStateException("data source '" + source + "' is not configured");
        }
        return database;
    }

    @Override
    public void close() {
        databases.values().forEach(SqlDatabase::close);
        timer.shutdownNow();
    }
}
