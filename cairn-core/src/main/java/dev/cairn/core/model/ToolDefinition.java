package dev.cairn.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool as the model sees it: a function name, a description and a JSON Schema for its input.
 */
public record ToolDefinition(String name, String description, JsonNode inputSchema) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(inputSchema, "inputSchema");
    }
}
