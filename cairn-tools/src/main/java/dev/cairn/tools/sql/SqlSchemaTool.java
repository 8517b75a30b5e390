package dev.cairn.tools.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code SOURCE_schema}: the tables and views of a data source with their columns, column types,
 * nullability and comments, read from the driver's metadata in a read-only transaction. Lists the
 * connection's current schema (PostgreSQL) or database (MariaDB) unless asked for another.
 * Thread-safe.
 */
final class SqlSchemaTool implements Tool {

    private static final JsonNode SCHEMA = Json.constant("""
            {"type":"object","properties":{
              "schema":{"type":"string","description":"the schema (PostgreSQL) or database (MariaDB) to list; default: the current one"},
              "table":{"type":"string","description":"list only this table"}},
             "additionalProperties":false}""");
    private static final String[] TYPES = {"TABLE", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE", "PARTITIONED TABLE"};

    private final SqlDatabase database;
    private final ToolDefinition definition;

    SqlSchemaTool(SqlDatabase database) {
        this.database = database;
        String name = database.source().name();
        this.definition = new ToolDefinition(name + "_schema", "Lists the tables and views of the '" + name
                + "' database with their columns, types and comments, to write queries for " + name + "_query.", SCHEMA);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
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
        String schema = invocation.text("schema", null);
        String table = invocation.text("table", null);
        try {
            ObjectNode listing = database.read((connection, watchdog) -> list(connection, schema, table));
            String text = listing.toString();
            if (text.length() > database.source().maxBytes()) {
                return ToolOutcome.failure("the schema is larger than the source's max_bytes (" + database.source().maxBytes()
                        + "); ask for one table with the 'table' argument");
            }
            return ToolOutcome.success(text);
        } catch (SqlFailure e) {
            return ToolOutcome.failure(e.getMessage());
        }
    }

    private ObjectNode list(Connection connection, String schemaArgument, String table) throws SQLException {
        SqlDialect dialect = database.source().dialect();
        DatabaseMetaData meta = connection.getMetaData();
        String catalog = dialect == SqlDialect.MARIADB && schemaArgument != null ? schemaArgument : dialect.defaultCatalog(connection);
        String schema = dialect == SqlDialect.POSTGRESQL && schemaArgument != null ? schemaArgument : dialect.defaultSchema(connection);
        Map<String, ObjectNode> tables = new LinkedHashMap<>();
        ObjectNode listing = Json.object();
        ArrayNode out = listing.putArray("tables");
        try (ResultSet found = meta.getTables(catalog, schema, table == null ? "%" : table, TYPES)) {
            while (found.next()) {
                ObjectNode entry = out.addObject();
                entry.put("name", found.getString("TABLE_NAME"));
                entry.put("type", found.getString("TABLE_TYPE").toLowerCase(java.util.Locale.ROOT));
                putComment(entry, found.getString("REMARKS"));
                entry.putArray("columns");
                tables.put(found.getString("TABLE_NAME"), entry);
            }
        }
        try (ResultSet columns = meta.getColumns(catalog, schema, table == null ? "%" : table, "%")) {
            while (columns.next()) {
                ObjectNode entry = tables.get(columns.getString("TABLE_NAME"));
                if (entry != null) {
                    ObjectNode column = ((ArrayNode) entry.get("columns")).addObject();
                    column.put("name", columns.getString("COLUMN_NAME"));
                    column.put("type", columns.getString("TYPE_NAME"));
                    column.put("nullable", !"NO".equals(columns.getString("IS_NULLABLE")));
                    putComment(column, columns.getString("REMARKS"));
                }
            }
        }
        return listing;
    }

    private static void putComment(ObjectNode entry, String remarks) {
        if (remarks != null && !remarks.isBlank()) {
            entry.put("comment", remarks);
        }
    }
}
