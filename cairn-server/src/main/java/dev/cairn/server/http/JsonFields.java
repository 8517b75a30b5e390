package dev.cairn.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/**
 * Strict access to the fields of a request's JSON object: unknown fields, wrong types and missing
 * required fields are each a 400 that names the field. A field set to {@code null} counts as absent.
 */
final class JsonFields {

    private final ObjectNode node;

    private JsonFields(ObjectNode node) {
        this.node = node;
    }

    /**
     * The fields of {@code node}, which may only have the {@code known} ones.
     *
     * @throws HttpProblem naming the first unknown field
     */
    static JsonFields of(ObjectNode node, String... known) {
        List<String> names = List.of(known);
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!names.contains(field)) {
                throw HttpProblem.badRequest("unknown field '" + field + "'"
                        + (names.isEmpty() ? "; this request takes no fields" : " (known: " + String.join(", ", names) + ")"));
            }
        }
        return new JsonFields(node);
    }

    /** The text of a field, or null when absent. */
    String text(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        return value.asText();
    }

    String requiredText(String field) {
        String text = text(field);
        if (text == null) {
            throw HttpProblem.badRequest("'" + field + "' is required (a string)");
        }
        return text;
    }

    /** A boolean field, or {@code fallback} when absent. */
    boolean bool(String field, boolean fallback) {
        JsonNode value = value(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "a boolean (true or false)", value);
        }
        return value.asBoolean();
    }

    /** A whole-number field, or null when absent. */
    Long wholeNumber(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "a whole number", value);
        }
        return value.asLong();
    }

    /** An object field, or null when absent. */
    ObjectNode object(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            throw wrongType(field, "an object", value);
        }
        return object;
    }

    /** An array field, or null when absent. */
    ArrayNode array(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ArrayNode array)) {
            throw wrongType(field, "an array", value);
        }
        return array;
    }

    private JsonNode value(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static HttpProblem wrongType(String field, String expected, JsonNode value) {
        return HttpProblem.badRequest("'" + field + "' must be " + expected + ", got " + typeName(value));
    }

    static String typeName(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
    }
}
