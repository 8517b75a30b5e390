package dev.cairn.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.agent.LongTermSpec;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryMatch;
import dev.cairn.core.memory.MemoryOwners;
import dev.cairn.core.model.ToolDefinition;
import java.util.List;

/**
 * The built-in {@code memory_search} tool: searches the long-term memories the session may see
 * (its user's, its agent's, its tenant's) in the agent's namespace, by meaning and by words.
 * Answers {@code {"memories": [{"id", "text", "score"}]}}, best first.
 *
 * <p>Thread-safe; reads only.
 */
public final class MemorySearchTool implements Tool {

    /** The most items one call answers. */
    public static final int MAX_LIMIT = 20;

    private static final ToolDefinition DEFINITION = new ToolDefinition("memory_search",
            "Search your long-term memory: what was saved in earlier conversations about this user, your own work and "
                    + "the organisation. Finds items by meaning and by words; answers the best first, each with its id, "
                    + "text and score.",
            Json.constant("""
                    {"type": "object",
                     "properties": {
                       "query": {"type": "string", "description": "what to look for, in a few words or a question"},
                       "limit": {"type": "integer", "minimum": 1, "maximum": 20, "description": "most items to answer (default 5)"}
                     },
                     "required": ["query"],
                     "additionalProperties": false}
                    """));

    private final LongTermMemory memory;
    private final LongTermSpec longTerm;

    MemorySearchTool(LongTermMemory memory, LongTermSpec longTerm) {
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
        String query = invocation.requireText("query");
        int limit = invocation.wholeNumber("limit", 5, 1, MAX_LIMIT);
        if (query.isBlank()) {
            throw new ToolInputException("argument 'query' must not be blank");
        }
        if (longTerm == null) {
            return ToolOutcome.failure("this agent has no long-term memory (memory.long_term is not set)");
        }
        MemoryOwners.writer(longTerm.scope(), invocation.agent(), invocation.userId()); // user scope needs a user
        MemoryFilter filter = new MemoryFilter(invocation.tenantId(),
                MemoryOwners.visible(invocation.agent(), invocation.userId()), longTerm.namespace());
        return ToolOutcome.success(Json.write(answer(memory.search(filter, query, limit))));
    }

    static JsonNode answer(List<MemoryMatch> matches) {
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("memories");
        for (MemoryMatch match : matches) {
            items.addObject().put("id", match.item().id()).put("text", match.item().text())
                    .put("score", Math.round(match.score() * 10_000) / 10_000.0);
        }
        return answer;
    }
}
