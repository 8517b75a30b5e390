package dev.cairn.core.model;

import java.util.Objects;

/**
 * A model's request to call a tool.
 *
 * @param id        the provider's id for this call, echoed back with its result
 * @param name      the tool's name
 * @param arguments the arguments as a JSON text (as the model wrote them; may be invalid JSON)
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
    }
}
