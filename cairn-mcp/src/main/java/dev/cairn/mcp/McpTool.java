package dev.cairn.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One tool of an MCP server, as the model sees it: the server's description and input schema
 * under a name prefixed with the server's. A call goes to the agent's current server for the
 * declaration, started again when it was stopped in between. Thread-safe.
 */
final class McpTool implements Tool {

    private static final TypeReference<Map<String, Object>> ARGUMENTS = new TypeReference<>() {
    };

    private final ToolDefinition definition;
    private final String serverToolName;
    private final boolean idempotent;
    private final Supplier<McpServer> server;

    McpTool(ToolDefinition definition, String serverToolName, boolean idempotent, Supplier<McpServer> server) {
        this.definition = definition;
        this.serverToolName = serverToolName;
        this.idempotent = idempotent;
        this.server = server;
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public boolean reachesOutside() {
        return true;
    }

    @Override
    public boolean idempotent() {
        return idempotent;
    }

    /** The tool's name on its server. */
    String serverToolName() {
        return serverToolName;
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) throws InterruptedException {
        Map<String, Object> arguments = Json.mapper().convertValue(invocation.arguments(), ARGUMENTS);
        return server.get().call(serverToolName, arguments);
    }
}
