package dev.cairn.core.tool;

import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.ToolEntry;

/** Makes a built-in tool for an agent's tools entry ({@code builtin: NAME}). Thread-safe. */
@FunctionalInterface
public interface ToolFactory {

    Tool create(ToolEntry entry);

    /** The tool for {@code entry} of {@code agent}; a tool that depends on the rest of the definition overrides this. */
    default Tool create(AgentSpec agent, ToolEntry entry) {
        return create(entry);
    }
}
