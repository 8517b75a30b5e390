package dev.cairn.tools.recall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolFactory;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.util.List;
import java.util.Objects;

/**
 * The built-in {@code conversation_search} tool: the agent searches its own session's earlier
 * messages (what the user said, what it answered, what tools returned), including those no longer
 * in its context, and gets the best matches first, each with its sequence number, role, time and
 * an excerpt. See {@link ConversationRecall} for how it searches.
 *
 * <p>Thread-safe; reading has no effect, so it is idempotent.
 */
public final class ConversationSearchTool implements Tool {

    /** The name agents declare it by ({@code builtin: conversation_search}) and the model calls it by. */
    public static final String NAME = "conversation_search";
    static final int DEFAULT_LIMIT = 5;
    static final int MAX_LIMIT = 20;

    private static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
            "Search this conversation's earlier messages, including those no longer shown to you (older turns replaced "
                    + "by a summary). Give the words to look for; the best matches come first, each with its seq "
                    + "(order in the conversation), role (user, assistant or tool), time and an excerpt.",
            Json.constant("""
                    {"type": "object",
                     "properties": {
                       "query": {"type": "string", "description": "words to look for, e.g. an order number or a name"},
                       "limit": {"type": "integer", "minimum": 1, "maximum": %d, "description": "most matches to return (default %d)"}
                     },
                     "required": ["query"],
                     "additionalProperties": false}
                    """.formatted(MAX_LIMIT, DEFAULT_LIMIT)));

    private final ConversationRecall recall;

    private ConversationSearchTool(ConversationRecall recall) {
        this.recall = Objects.requireNonNull(recall, "recall");
    }

    public static ConversationSearchTool create(ConversationRecall recall) {
        return new ConversationSearchTool(recall);
    }

    /** The factory that registers it as a built-in; every agent that declares it shares this tool. */
    public ToolFactory factory() {
        return entry -> this;
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
        if (query.isBlank()) {
            throw new ToolInputException("query must hold the words to look for");
        }
        if (query.length() > ConversationRecall.MAX_QUERY_CHARS) {
            throw new ToolInputException("query has " + query.length() + " characters; at most "
                    + ConversationRecall.MAX_QUERY_CHARS + " are searched, so shorten it to the words that matter");
        }
        List<RecalledMessage> found = recall.search(invocation.sessionId(), query, limit(invocation));
        ObjectNode answer = Json.object();
        ArrayNode matches = answer.putArray("matches");
        for (RecalledMessage message : found) {
            ObjectNode match = matches.addObject();
            match.put("seq", message.seq());
            match.put("role", message.role());
            if (message.tool() != null) {
                match.put("tool", message.tool());
                match.put("error", message.error());
            }
            match.put("time", message.time().toString());
            match.put("excerpt", message.excerpt());
        }
        if (found.isEmpty()) {
            answer.put("note", "nothing earlier in this conversation matches; try other words");
        }
        return ToolOutcome.success(Json.write(answer));
    }

    private static int limit(ToolInvocation invocation) {
        JsonNode node = invocation.arguments().get("limit");
        if (node == null || node.isNull()) {
            return DEFAULT_LIMIT;
        }
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > MAX_LIMIT) {
            throw new ToolInputException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got " + node);
        }
        return node.asInt();
    }
}
