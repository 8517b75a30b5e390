package dev.cairn.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Conversions between Java values and columns: times as epoch milliseconds, JSON as text. */
public final class Rows {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private Rows() {
    }

    /** The instant as epoch milliseconds. */
    public static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    /** The column's epoch milliseconds as an instant. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        return Instant.ofEpochMilli(row.getLong(column));
    }

    /** The node as JSON text; {@code null} stays {@code null}. */
    public static String jsonText(JsonNode node) {
        return node == null ? null : Json.write(node);
    }

    /** The column's JSON text parsed; {@code null} for SQL NULL, {@link StoreException} when it does not parse. */
    public static JsonNode json(ResultSet row, String column) throws SQLException {
        String text = row.getString(column);
        if (text == null) {
            return null;
        }
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new StoreException("column " + column + " holds JSON that does not parse: " + e.getOriginalMessage(), e);
        }
    }

    /** Runs a prepared query and maps every row. */
    public static <T> List<T> list(PreparedStatement statement, RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                rows.add(mapper.map(row));
            }
        }
        return rows;
    }

    /** Runs a prepared query and maps its first row, if any. */
    public static <T> Optional<T> first(PreparedStatement statement, RowMapper<T> mapper) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(mapper.map(row)) : Optional.empty();
        }
    }

    /** Binds parameters in order; {@code null} binds SQL NULL. */
    public static PreparedStatement bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }
}
