package dev.cairn.core.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of an agent's {@code tools} list, as written. Exactly one of {@code builtin},
 * {@code http} and {@code mcp} says what kind of tool it is.
 *
 * @param builtin     name of a built-in tool ({@code memory}, {@code workspace}, ...)
 * @param name        the tool's name for declared tools
 * @param description what the model is told the tool does
 * @param policy      {@code allow} (default), {@code require_approval} or {@code deny}
 * @param idempotent  whether repeating a call is harmless (declared tools; null when unsaid)
 * @param http        an HTTP tool's declaration
 * @param mcp         an MCP server's declaration
 * @param inputSchema the JSON Schema of a declared tool's input
 */
public record ToolEntry(String builtin, String name, String description, String policy, Boolean idempotent,
                        JsonNode http, JsonNode mcp, JsonNode inputSchema) {

    public static ToolEntry builtin(String builtin) {
        return new ToolEntry(builtin, null, null, null, null, null, null, null);
    }

    /** The policy as written, or {@code allow}. */
    public String policyOrDefault() {
        return policy == null ? "allow" : policy;
    }
}
