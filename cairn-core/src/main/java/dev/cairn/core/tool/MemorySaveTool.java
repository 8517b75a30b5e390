package dev.cairn.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.agent.LongTermSpec;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryKind;
import dev.cairn.core.memory.MemoryOwners;
import dev.cairn.core.memory.MemorySource;
import dev.cairn.core.memory.MemoryWrite;
import dev.cairn.core.model.ToolDefinition;
import java.util.List;

/**
 * The built-in {@code memory_save} tool: saves a note in the agent's long-term scope (its user's
 * memory for {@code scope: user}, which needs a session with a user; the agent's; or the
 * tenant's) and namespace. The item records the session, the call's {@code tool.requested} event
 * and the run it came from. Answers {@code {"id", "text"}}.
 *
 * <p>Idempotent: the item's id is derived from the call's idempotency key, so a call repeated
 * after a crash finds the item the first one saved instead of saving it twice. Thread-safe.
 */
public final class MemorySaveTool implements Tool {

    private static final ToolDefinition DEFINITION = new ToolDefinition("memory_save",
            "Save something worth remembering in later conversations to your long-term memory: a fact, a preference, "
                    + "a decision. Write it as one self-contained statement. Answers the saved item's id.",
            Json.constant("""
                    {"type": "object",
                     "properties": {
                       "text": {"type": "string", "description": "the statement to remember, complete on its own"},
                       "metadata": {"type": "object", "description": "optional labels to keep with it"}
                     },
                     "required": ["text"],
                     "additionalProperties": false}
                    """));

    private final LongTermMemory memory;
    private final LongTermSpec longTerm;

    MemorySaveTool(LongTermMemory memory, LongTermSpec longTerm) {
        this.memory = memory;
        this.longTerm = longTerm;
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) {
        String text = invocation.requireText("text");
        JsonNode metadata = invocation.arguments().get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw new ToolInputException("argument 'metadata' must be an object");
        }
        if (longTerm == null) {
            return ToolOutcome.failure("this agent has no long-term memory (memory.long_term is not set)");
        }
        MemorySource source = new MemorySource(invocation.sessionId(),
                invocation.callSeq() > 0 ? List.of(invocation.callSeq()) : List.of(), invocation.runId());
        MemoryWrite write = new MemoryWrite(invocation.tenantId(),
                MemoryOwners.writer(longTerm.scope(), invocation.agent(), invocation.userId()), longTerm.namespace(),
                MemoryKind.NOTE, text, metadata instanceof ObjectNode object ? object : null, source);
        MemoryItem saved = invocation.idempotencyKey() == null ? memory.save(write)
                : memory.saveOnce(invocation.idempotencyKey(), write);
        return ToolOutcome.success(Json.write(Json.object().put("id", saved.id()).put("text", saved.text())));
    }
}
