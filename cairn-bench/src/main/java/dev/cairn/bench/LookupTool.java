package dev.cairn.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolFactory;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.io.UncheckedIOException;

/**
 * The reference workload's tool, as in the peer: {@code lookup} with {@code {"q": TEXT}} answers
 * {@code result for TEXT} at once. Stateless and thread-safe.
 */
final class LookupTool implements Tool {

    static final String NAME = "lookup";

    private static final LookupTool INSTANCE = new LookupTool();

    private final ToolDefinition definition;

    private LookupTool() {
        try {
            definition = new ToolDefinition(NAME, "Looks a query up and answers what it found.", Json.parse("""
                    {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}"""));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ToolFactory factory() {
        return entry -> INSTANCE;
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) {
        return ToolOutcome.success("result for " + invocation.requireText("q"));
    }
}
