package dev.cairn.mcp;

import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.ToolEntry;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The MCP servers agents declared: one {@link McpServer} per tenant, agent and declaration,
 * shared by every session of the agent in that tenant (never across tenants). When a definition
 * of an agent is seen for the first time (the agent changed), the agent's servers it no longer declares are stopped; a server left unused
 * for {@link McpToolKind.Options#idleTimeout()} is stopped too, and started again on its next
 * use. {@link #close()} stops them all. Thread-safe.
 */
final class McpServers implements AutoCloseable {

    static final String KIND = "mcp";

    private record Key(String tenant, String agent, String declaration) {
    }

    private final McpToolKind.Options options;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentMap<Key, McpServer> servers = new ConcurrentHashMap<>();
    /** Each tenant's agent's definitions seen so far, as the set of their MCP declarations. */
    private final ConcurrentMap<List<String>, Set<String>> definitions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    McpServers(McpToolKind.Options options) {
        this.options = options;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("cairn-mcp-supervisor").factory());
        long sweep = Math.max(50, options.idleTimeout().toMillis() / 4);
        scheduler.scheduleWithFixedDelay(this::stopIdle, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /**
     * The server {@code agent} of {@code tenant} declared as {@code declaration}, retiring those
     * its earlier definitions declared.
     */
    McpServer server(String tenant, AgentSpec agent, McpDeclaration declaration) {
        retireUndeclared(tenant, agent);
        return server(tenant, agent.name(), declaration);
    }

    /** The server of {@code agent} of {@code tenant} for {@code declaration}, made (not started) when there is none. */
    McpServer server(String tenant, String agent, McpDeclaration declaration) {
        if (closed) {
            throw new McpException("MCP server '" + declaration.name() + "' was stopped: Cairn is stopping");
        }
        return servers.computeIfAbsent(new Key(tenant, agent, declaration.source()),
                key -> new McpServer(declaration, options, scheduler));
    }

    /** Every running server's processes, for checks that none is left behind. */
    List<ProcessHandle> processes() {
        return servers.values().stream().flatMap(server -> server.processes().stream()).toList();
    }

    private void retireUndeclared(String tenant, AgentSpec agent) {
        Set<String> declared = new TreeSet<>();
        for (ToolEntry entry : agent.tools()) {
            if (KIND.equals(entry.kind()) && entry.mcp() != null) {
                declared.add(entry.mcp().toString());
            }
        }
        Set<String> seen = definitions.computeIfAbsent(List.of(tenant, agent.name()), name -> ConcurrentHashMap.newKeySet());
        if (seen.add(String.join("\n", declared))) {
            servers.forEach((key, server) -> {
                if (key.tenant().equals(tenant) && key.agent().equals(agent.name()) && !declared.contains(key.declaration())) {
                    stop(key, server);
                }
            });
        }
    }

    private void stopIdle() {
        servers.forEach((key, server) -> {
            if (server.idleNanos() > options.idleTimeout().toNanos()) {
                stop(key, server);
            }
        });
    }

    private void stop(Key key, McpServer server) {
        if (servers.remove(key, server)) {
            Thread.ofVirtual().start(server::close);
        }
    }

    /** Stops every server and the processes they started, waiting for them to exit. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        List<Thread> stopping = servers.values().stream().map(server -> Thread.ofVirtual().start(server::close)).toList();
        servers.clear();
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
