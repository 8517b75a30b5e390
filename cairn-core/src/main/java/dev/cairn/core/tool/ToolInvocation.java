package dev.cairn.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a tool, with everything the tool may use.
 *
 * @param tenantId       the tenant the session belongs to
 * @param sessionId      the session
 * @param runId          the run
 * @param callId         the model's id for the call
 * @param idempotencyKey a key derived from session, run and call: the same call always gets the same key
 * @param arguments      the parsed arguments (an object)
 * @param memoryBlocks   the session's memory blocks as they are before the call
 */
public record ToolInvocation(String tenantId, String sessionId, String runId, String callId, String idempotencyKey,
                             JsonNode arguments, Map<String, String> memoryBlocks) {

    public ToolInvocation {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(arguments, "arguments");
        memoryBlocks = memoryBlocks == null ? Map.of() : Map.copyOf(memoryBlocks);
    }

    /** The text argument {@code name}, or fails with a message the model can act on. */
    public String requireText(String name) {
        JsonNode node = arguments.get(name);
        if (node == null || !node.isTextual()) {
            throw new ToolInputException("argument '" + name + "' is required and must be a string");
        }
        return node.asText();
    }

    /** The text argument {@code name}, or {@code fallback} when absent. */
    public String text(String name, String fallback) {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new ToolInputException("argument '" + name + "' must be a string");
        }
        return node.asText();
    }
}
