package dev.cairn.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one entry of {@code memory.blocks}: either the block's initial text
 * ({@code persona: "Concise."}) or an object with the text and a character limit
 * ({@code persona: {value: "Concise.", limit: 2000}}). Every problem is named with its path.
 */
final class MemoryBlockDefinitions {

    /** The labels blocks may have; the same rule applies to blocks made through the API. */
    static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private MemoryBlockDefinitions() {
    }

    static void read(String label, JsonNode node, Map<String, String> values, Map<String, Integer> limits,
                     List<String> problems) {
        String where = "memory.blocks." + label;
        if (!LABEL.matcher(label).matches()) {
            problems.add("memory.blocks label '" + label + "' must be 1-64 letters, digits, '_' or '-'");
            return;
        }
        if (node.isNull() || node.isTextual()) {
            String value = node.isNull() ? "" : node.asText();
            if (fits(where, value, MemorySpec.DEFAULT_BLOCK_LIMIT, problems)) {
                values.put(label, value);
            }
            return;
        }
        if (!node.isObject()) {
            problems.add(where + " must be a string, or an object {value, limit}");
            return;
        }
        int problemsBefore = problems.size();
        node.fieldNames().forEachRemaining(field -> {
            if (!field.equals("value") && !field.equals("limit")) {
                problems.add(where + "." + field + " is not a known field (known: value, limit)");
            }
        });
        JsonNode valueNode = node.get("value");
        String value = "";
        if (valueNode != null && !valueNode.isNull()) {
            if (valueNode.isTextual()) {
                value = valueNode.asText();
            } else {
                problems.add(where + ".value must be a string");
            }
        }
        int limit = limit(where, node.get("limit"), problems);
        if (problems.size() == problemsBefore && fits(where, value, limit, problems)) {
            values.put(label, value);
            limits.put(label, limit);
        }
    }

    private static int limit(String where, JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return MemorySpec.DEFAULT_BLOCK_LIMIT;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1
                || node.asInt() > MemorySpec.MAX_BLOCK_LIMIT) {
            problems.add(where + ".limit must be a whole number of characters from 1 to " + MemorySpec.MAX_BLOCK_LIMIT
                    + ", got " + node);
            return MemorySpec.DEFAULT_BLOCK_LIMIT;
        }
        return node.asInt();
    }

    private static boolean fits(String where, String value, int limit, List<String> problems) {
        if (value.length() > limit) {
            problems.add(where + " has " + value.length() + " characters, over its limit of " + limit);
            return false;
        }
        return true;
    }
}
