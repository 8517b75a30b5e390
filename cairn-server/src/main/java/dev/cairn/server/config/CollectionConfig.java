package dev.cairn.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A document collection that mirrors a folder of the server, declared in {@code cairn.yaml}:
 *
 * <pre>
 * collections:
 *   handbook: {folder: /srv/handbook, description: "The employee handbook"}
 * </pre>
 *
 * It belongs to the default tenant, is created at start if missing, and is read at start and on
 * {@code POST /v1/collections/NAME/refresh}.
 *
 * @param folder      the folder it mirrors
 * @param description what it holds ({@code ""} when unsaid)
 */
public record CollectionConfig(Path folder, String description) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** The collections of a {@code collections} node, by name; each problem added to {@code problems}. */
    static Map<String, CollectionConfig> read(JsonNode node, List<String> problems) {
        Map<String, CollectionConfig> collections = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return collections;
        }
        if (!node.isObject()) {
            problems.add("collections must map collection names to {folder: PATH}");
            return collections;
        }
        node.fields().forEachRemaining(field -> {
            String where = "collections." + field.getKey();
            JsonNode value = field.getValue();
            if (!NAME.matcher(field.getKey()).matches()) {
                problems.add(where + ": a collection name is 1-64 letters, digits, '_', '-' or '.'");
            }
            if (!value.isObject() || !value.path("folder").isTextual() || value.path("folder").asText().isBlank()) {
                problems.add(where + " must be {folder: PATH, description?: TEXT}");
                return;
            }
            value.fieldNames().forEachRemaining(key -> {
                if (!key.equals("folder") && !key.equals("description")) {
                    problems.add(where + "." + key + " is not a known key (known: description, folder)");
                }
            });
            JsonNode description = value.get("description");
            if (description != null && !description.isTextual()) {
                problems.add(where + ".description must be a string");
            }
            collections.put(field.getKey(), new CollectionConfig(Path.of(value.get("folder").asText()),
                    description == null ? "" : description.asText()));
        });
        return collections;
    }
}
