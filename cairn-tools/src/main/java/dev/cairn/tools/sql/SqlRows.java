package dev.cairn.tools.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Reads a result set into the JSON a query tool answers, within the source's row and byte
 * limits: {@code {"columns": [{name, type}], "rows": [[...]], "row_count": N, "truncated": false}},
 * and when a limit cut the result {@code "truncated": true} with {@code "truncated_by"} naming it.
 */
final class SqlRows {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SqlRows() {
    }

    static ObjectNode read(ResultSet rows, int maxRows, long maxBytes) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        ObjectNode result = Json.object();
        ArrayNode columns = result.putArray("columns");
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.addObject().put("name", meta.getColumnLabel(i)).put("type", meta.getColumnTypeName(i));
        }
        ArrayNode out = NODES.arrayNode();
        long bytes = columns.toString().length();
        String truncatedBy = null;
        while (rows.next()) {
            if (out.size() == maxRows) {
                truncatedBy = "max_rows";
                break;
            }
            ArrayNode row = NODES.arrayNode();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.add(value(rows.getObject(i), maxBytes));
            }
            long size = row.toString().getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes + size > maxBytes) {
                truncatedBy = "max_bytes";
                break;
            }
            bytes += size;
            out.add(row);
        }
        result.set("rows", out);
        result.put("row_count", out.size());
        result.put("truncated", truncatedBy != null);
        if (truncatedBy != null) {
            result.put("truncated_by", truncatedBy);
            result.put("note", "more rows exist than " + (truncatedBy.equals("max_rows") ? "the source's max_rows ("
                    + maxRows + ")" : "fit in the source's max_bytes (" + maxBytes + ")")
                    + " allows; narrow the query, select fewer columns or aggregate");
        }
        return result;
    }

    /** A cell as JSON; a long text object is read no further than {@code maxChars}, which the byte limit then cuts anyway. */
    static JsonNode value(Object value, long maxChars) throws SQLException {
        return switch (value) {
            case null -> NODES.nullNode();
            case Boolean bool -> NODES.booleanNode(bool);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Short number -> NODES.numberNode(number);
            case Byte number -> NODES.numberNode(number);
            case Double number -> Double.isFinite(number) ? NODES.numberNode(number) : NODES.textNode(number.toString());
            case Float number -> Float.isFinite(number) ? NODES.numberNode(number) : NODES.textNode(number.toString());
            case BigDecimal number -> NODES.numberNode(number);
            case BigInteger number -> NODES.numberNode(number);
            case byte[] binary -> NODES.textNode("<" + binary.length + " bytes of binary data>");
            case Blob blob -> NODES.textNode("<" + blob.length() + " bytes of binary data>");
            case Clob clob -> NODES.textNode(clob.getSubString(1, (int) Math.min(clob.length(), Math.min(maxChars + 1, Integer.MAX_VALUE))));
            case Array array -> {
                ArrayNode items = NODES.arrayNode();
                for (Object item : (Object[]) array.getArray()) {
                    items.add(value(item, maxChars));
                }
                yield items;
            }
            default -> NODES.textNode(value.toString());
        };
    }
}
