package dev.cairn.tools.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code SOURCE_query}: runs one read-only {@code SELECT} with optional positional parameters
 * ({@code ?}) on a data source and answers its rows as JSON, cut at the source's limits.
 * Thread-safe.
 */
final class SqlQueryTool implements Tool {

    private static final JsonNode SCHEMA = Json.constant("""
            {"type":"object","properties":{
              "sql":{"type":"string","description":"one SELECT (or WITH ... SELECT) statement; use ? for parameters"},
              "params":{"type":"array","description":"values for the ? placeholders, in order",
                        "items":{"type":["string","number","boolean","null"]}}},
             "required":["sql"],"additionalProperties":false}""");

    private final SqlDatabase database;
    private final ToolDefinition definition;

    SqlQueryTool(SqlDatabase database) {
        this.database = database;
        SqlSource source = database.source();
        this.definition = new ToolDefinition(source.name() + "_query", "Runs one read-only SQL SELECT on the '"
                + source.name() + "' database (" + source.dialect().name().toLowerCase(java.util.Locale.ROOT)
                + ") and returns its rows as JSON: at most " + source.maxRows() + " rows, " + source.maxBytes()
                + " bytes and " + source.timeout().toMillis() + "ms. Call " + source.name()
                + "_schema first to see the tables.", SCHEMA);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public boolean reachesOutside() {
        return true;
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) {
        if (!database.source().allows(invocation.tenantId())) {
            return ToolOutcome.failure("data source '" + database.source().name() + "' is not granted to this tenant");
        }
        String sql = invocation.requireText("sql");
        JsonNode params = invocation.arguments().path("params");
        if (!params.isMissingNode() && !params.isNull() && !params.isArray()) {
            throw new ToolInputException("argument 'params' must be an array of values for the ? placeholders");
        }
        SqlStatementGuard.requireSingleSelect(sql);
        SqlSource source = database.source();
        try {
            String rows = database.read((connection, watchdog) -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setMaxRows(source.maxRows() + 1);
                    statement.setFetchSize(Math.min(source.maxRows() + 1, 250));
                    bind(statement, params);
                    try (AutoCloseable watch = watchdog.watch(statement); ResultSet result = statement.executeQuery()) {
                        return SqlRows.read(result, source.maxRows(), source.maxBytes()).toString();
                    } catch (SQLException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new SQLException(e.getMessage(), e);
                    }
                }
            });
            return ToolOutcome.success(rows);
        } catch (SqlFailure e) {
            return ToolOutcome.failure(e.getMessage());
        }
    }

    private static void bind(PreparedStatement statement, JsonNode params) throws SQLException {
        int given = params.isArray() ? params.size() : 0;
        int placeholders = statement.getParameterMetaData().getParameterCount();
        if (given != placeholders) {
            throw new ToolInputException("the query has " + placeholders + " ? placeholder" + (placeholders == 1 ? "" : "s")
                    + " but params has " + given + " value" + (given == 1 ? "" : "s"));
        }
        int index = 1;
        for (JsonNode param : params) {
            if (param.isNull()) {
                statement.setObject(index, null);
            } else if (param.isBoolean()) {
                statement.setBoolean(index, param.asBoolean());
            } else if (param.isIntegralNumber() && param.canConvertToLong()) {
                statement.setLong(index, param.asLong());
            } else if (param.isNumber()) {
                statement.setBigDecimal(index, param.decimalValue());
            } else if (param.isTextual()) {
                statement.setString(index, param.asText());
            } else {
                throw new ToolInputException("params[" + (index - 1) + "] must be a string, number, boolean or null, got "
                        + param.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            index++;
        }
    }
}
