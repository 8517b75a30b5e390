package dev.cairn.mcp;

import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolKind;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tools from MCP servers, declared in an agent's tools as {@code mcp: {name: files, command: [...]}}
 * (a server Cairn starts and talks to over stdio) or {@code mcp: {name: web, url: "https://host/mcp"}}
 * (Streamable HTTP); see {@link McpDeclaration}. One declaration gives every tool the server
 * lists, named {@code NAME__TOOL}, with the server's descriptions and input schemas.
 *
 * <p>A tool counts as idempotent when the entry says {@code idempotent: true}, or, when the entry
 * says nothing, when the server marks it {@code idempotentHint} or {@code readOnlyHint}.
 *
 * <p>The servers are supervised (see {@link McpServer}); {@link #close()} stops every one and
 * the processes they started. Thread-safe.
 */
public final class McpToolKind implements ToolKind, AutoCloseable {

    /**
     * How the servers are supervised.
     *
     * @param startupTimeout how long starting a server and its MCP handshake may take
     * @param initialBackoff the wait before the first restart of a server that died or did not start;
     *                       it doubles with each failure that follows
     * @param maxBackoff     the longest wait between restarts
     * @param idleTimeout    how long a server may go unused before it is stopped (it starts again on use)
     */
    public record Options(Duration startupTimeout, Duration initialBackoff, Duration maxBackoff, Duration idleTimeout) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ofMinutes(15));

        public Options {
            for (Duration duration : List.of(Objects.requireNonNull(startupTimeout, "startupTimeout"),
                    Objects.requireNonNull(initialBackoff, "initialBackoff"), Objects.requireNonNull(maxBackoff, "maxBackoff"),
                    Objects.requireNonNull(idleTimeout, "idleTimeout"))) {
                if (duration.isNegative() || duration.isZero()) {
                    throw new IllegalArgumentException("MCP supervision durations must be longer than zero, got " + duration);
                }
            }
        }
    }

    private final McpServers servers;

    private McpToolKind(Options options) {
        this.servers = new McpServers(options);
    }

    public static McpToolKind create() {
        return create(Options.DEFAULT);
    }

    public static McpToolKind create(Options options) {
        return new McpToolKind(Objects.requireNonNull(options, "options"));
    }

    @Override
    public String key() {
        return McpServers.KIND;
    }

    @Override
    public List<String> problems(ToolEntry entry) {
        return McpDeclaration.problems(entry);
    }

    /** Not used: one MCP declaration makes several tools, see {@link #tools}. */
    @Override
    public Tool create(ToolEntry entry) {
        throw new UnsupportedOperationException("an MCP server declaration makes several tools: use tools(agent, entry)");
    }

    /** The tools of {@link #tools(String, AgentSpec, ToolEntry)} outside any tenant. */
    @Override
    public List<Tool> tools(AgentSpec agent, ToolEntry entry) {
        return tools(null, agent, entry);
    }

    /**
     * The tools the server {@code entry} declares offers now, starting it when it is not running;
     * the last known ones (none before the first start) when it cannot be started. Each tenant's
     * sessions have their own server process, so no state a server keeps crosses tenants.
     */
    @Override
    public List<Tool> tools(String tenantId, AgentSpec agent, ToolEntry entry) {
        McpDeclaration declaration = McpDeclaration.of(entry);
        String tenant = tenantId == null ? "" : tenantId;
        List<McpSchema.Tool> listed;
        try {
            listed = servers.server(tenant, agent, declaration).tools();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (McpException e) {
            return List.of();
        }
        List<String> names = McpToolNames.assign(declaration.name(), listed.stream().map(McpSchema.Tool::name).toList());
        List<Tool> tools = new ArrayList<>(listed.size());
        String agentName = agent.name();
        for (int i = 0; i < listed.size(); i++) {
            McpSchema.Tool tool = listed.get(i);
            ToolDefinition definition = new ToolDefinition(names.get(i), description(tool),
                    tool.inputSchema() == null ? Json.constant("{\"type\":\"object\"}") : Json.tree(tool.inputSchema()));
            tools.add(new McpTool(definition, tool.name(), idempotent(entry, tool),
                    () -> servers.server(tenant, agentName, declaration)));
        }
        return List.copyOf(tools);
    }

    private static String description(McpSchema.Tool tool) {
        if (tool.description() != null && !tool.description().isBlank()) {
            return tool.description();
        }
        return tool.title() != null ? tool.title() : "";
    }

    private static boolean idempotent(ToolEntry entry, McpSchema.Tool tool) {
        if (entry.idempotent() != null) {
            return entry.idempotent();
        }
        McpSchema.ToolAnnotations hints = tool.annotations();
        return hints != null && (Boolean.TRUE.equals(hints.idempotentHint()) || Boolean.TRUE.equals(hints.readOnlyHint()));
    }

    McpServers servers() {
        return servers;
    }

    /** The processes of every running stdio server and their descendants. */
    public List<ProcessHandle> processes() {
        return servers.processes();
    }

    /** Stops every server and the processes they started, waiting for them to exit. */
    @Override
    public void close() {
        servers.close();
    }
}
