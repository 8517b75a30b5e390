package dev.cairn.core.tool;

import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;

/**
 * A tool the model may call and the caller executes: Cairn hands each call to the caller
 * ({@code tool.client_requested}) and the run waits for its output. Never called in process.
 */
final class ClientTool implements Tool {

    private final ToolDefinition definition;

    private ClientTool(ToolDefinition definition) {
        this.definition = definition;
    }

    static ClientTool of(ToolEntry entry) {
        return new ClientTool(new ToolDefinition(entry.name(), entry.description(),
                entry.inputSchema() != null ? entry.inputSchema() : Json.constant("{\"type\":\"object\"}")));
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    /** Cairn never repeats a client call; whether the caller may is the caller's business. */
    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) {
        throw new IllegalStateException("client tool '" + definition.name() + "' is executed by the caller, not by Cairn");
    }
}
