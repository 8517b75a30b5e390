package dev.cairn.models.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.model.ToolDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a tool's JSON Schema into the SDK's open-ended parameter objects, key by key. */
final class ToolSchemas {

    private ToolSchemas() {
    }

    /**
     * The schema's top-level keys as SDK JSON values, in order.
     *
     * @throws InvalidRequestException when the schema is not a JSON object
     */
    static Map<String, JsonValue> parameters(ToolDefinition tool) {
        JsonNode schema = tool.inputSchema();
        if (!schema.isObject()) {
            throw new InvalidRequestException("tool '" + tool.name() + "' has an input schema that is not a JSON object: "
                    + schema.getNodeType());
        }
        Map<String, JsonValue> parameters = new LinkedHashMap<>();
        schema.properties().forEach(entry -> parameters.put(entry.getKey(), JsonValue.fromJsonNode(entry.getValue())));
        return parameters;
    }
}
