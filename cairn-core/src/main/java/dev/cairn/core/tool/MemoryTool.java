package dev.cairn.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import java.util.List;

/**
 * The built-in {@code memory} tool: the agent appends to, or replaces text in, one of its memory
 * blocks. Each change is recorded as a {@code memory.written} event with the call's result. A
 * change that would take a block over its character limit (see
 * {@link dev.cairn.core.agent.MemorySpec#limit}) is refused, naming the limit, and changes nothing.
 *
 * <p>Stateless and thread-safe: the block's current value comes with the invocation.
 */
public final class MemoryTool implements Tool {

    private static final ToolDefinition DEFINITION = new ToolDefinition("memory",
            "Edit one of your memory blocks, which are always shown to you. operation 'append' adds text at the end "
                    + "of the block; 'replace' replaces old_text with text (or the whole block when old_text is omitted).",
            schema());

    public static ToolFactory factory() {
        MemoryTool tool = new MemoryTool();
        return entry -> tool;
    }

    private static JsonNode schema() {
        return Json.constant("""
                    {"type": "object",
                     "properties": {
                       "operation": {"type": "string", "enum": ["append", "replace"]},
                       "label": {"type": "string", "description": "the block's label, e.g. persona, user, task"},
                       "text": {"type": "string", "description": "text to append, or the replacement"},
                       "old_text": {"type": "string", "description": "for replace: the exact text to replace"}
                     },
                     "required": ["operation", "label", "text"],
                     "additionalProperties": false}
                    """);
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) {
        String operation = invocation.requireText("operation");
        String label = invocation.requireText("label");
        String text = invocation.requireText("text");
        String current = invocation.memoryBlocks().get(label);
        if (current == null) {
            return ToolOutcome.failure("memory block '" + label + "' does not exist (blocks: "
                    + String.join(", ", invocation.memoryBlocks().keySet()) + ")");
        }
        String updated = switch (operation) {
            case "append" -> current.isEmpty() ? text : current + "\n" + text;
            case "replace" -> replace(current, invocation.text("old_text", null), text, label);
            default -> throw new ToolInputException("operation '" + operation + "' is not one of append, replace");
        };
        int limit = invocation.memoryLimit(label);
        if (updated.length() > limit) {
            return ToolOutcome.failure("memory block '" + label + "' would be " + updated.length()
                    + " characters, over its limit of " + limit + "; shorten it first");
        }
        return new ToolOutcome.Success("memory block '" + label + "' now reads:\n" + updated,
                List.of(new EventPayload.MemoryWritten(label, updated, operation, "agent")));
    }

    private static String replace(String current, String oldText, String text, String label) {
        if (oldText == null) {
            return text;
        }
        if (oldText.isEmpty() || !current.contains(oldText)) {
            throw new ToolInputException("old_text was not found in memory block '" + label + "'");
        }
        return current.replace(oldText, text);
    }
}
