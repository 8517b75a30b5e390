package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A function tool of a request: the caller executes it. Built-in tool types (web search, file
 * search, code interpreter, MCP, ...) are refused with a 400 naming them: a Cairn agent declares
 * its own tools.
 *
 * @param parameters the JSON Schema of the arguments
 */
record FunctionTool(String name, String description, ObjectNode parameters) {

    private static final Set<String> FIELDS = Set.of("type", "name", "description", "parameters", "strict");

    FunctionTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameters, "parameters");
    }

    /** The {@code tools} of a Responses request ({@code {type: function, name, description, parameters}}). */
    static List<FunctionTool> parse(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return null;
        }
        if (!tools.isArray()) {
            throw OpenAiError.invalid("'tools' must be a list", "tools");
        }
        List<FunctionTool> parsed = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            String where = "tools[" + i + "]";
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asText("");
            if (!type.equals("function")) {
                throw OpenAiError.unsupported("'" + where + "' is a '" + type + "' tool: built-in tools are not "
                        + "supported; give function tools, or declare tools in a Cairn agent", where + ".type");
            }
            tool.fieldNames().forEachRemaining(field -> {
                if (!FIELDS.contains(field)) {
                    throw OpenAiError.invalid("unknown field '" + where + "." + field + "'", where + "." + field);
                }
            });
            parsed.add(of(tool.get("name"), tool.get("description"), tool.get("parameters"), where));
        }
        return parsed;
    }

    static FunctionTool of(JsonNode name, JsonNode description, JsonNode parameters, String where) {
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw OpenAiError.invalid("'" + where + ".name' is required", where + ".name");
        }
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
            throw OpenAiError.invalid("'" + where + ".parameters' must be a JSON Schema object", where + ".parameters");
        }
        ObjectNode schema = parameters == null || parameters.isNull() ? emptySchema() : (ObjectNode) parameters;
        String text = description == null || description.isNull() ? null : description.asText();
        return new FunctionTool(name.asText(), text, schema);
    }

    private static ObjectNode emptySchema() {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    /** As a Cairn agent's client tool entry. */
    ObjectNode asClientTool() {
        ObjectNode entry = Json.object();
        entry.put("name", name);
        if (description != null) {
            entry.put("description", description);
        }
        entry.put("client", true);
        entry.set("input_schema", parameters);
        return entry;
    }

    /** As a Responses tool, as a response echoes it. */
    ObjectNode asResponsesTool() {
        ObjectNode tool = Json.object();
        tool.put("type", "function");
        tool.put("name", name);
        tool.put("description", description);
        tool.set("parameters", parameters);
        tool.put("strict", false);
        return tool;
    }
}
