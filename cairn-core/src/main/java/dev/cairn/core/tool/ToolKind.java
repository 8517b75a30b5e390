package dev.cairn.core.tool;

import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.ToolEntry;
import java.util.List;

/**
 * A kind of tool agents declare in their definition ({@code http: {...}}), as opposed to a
 * built-in one. Thread-safe.
 */
public interface ToolKind {

    /** The key that declares this kind in a tools entry, for example {@code http}. */
    String key();

    /** Every problem of a declaration, each naming its field; empty when it is valid. */
    List<String> problems(ToolEntry entry);

    /** The tool a valid declaration describes. */
    Tool create(ToolEntry entry);

    /**
     * The tools a valid declaration of {@code agent} gives, by the name the model calls them. A
     * kind whose one declaration makes several tools (a database's schema and query tools, an
     * MCP server's tools) overrides this; the list may change from one call to the next when
     * the tools behind it change.
     */
    default java.util.List<Tool> tools(AgentSpec agent, ToolEntry entry) {
        return java.util.List.of(create(entry));
    }

    /**
     * The tools a valid declaration of {@code agent} gives to sessions of {@code tenantId} (null:
     * outside any tenant). A kind whose tools hold state a tenant must not share with another (an
     * MCP server process) overrides this; by default it is {@link #tools(AgentSpec, ToolEntry)}.
     */
    default java.util.List<Tool> tools(String tenantId, AgentSpec agent, ToolEntry entry) {
        return tools(agent, entry);
    }
}
