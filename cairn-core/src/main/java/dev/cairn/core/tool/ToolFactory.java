package dev.cairn.core.tool;

import dev.cairn.core.agent.ToolEntry;

/** Makes a built-in tool for an agent's tools entry ({@code builtin: NAME}). Thread-safe. */
@FunctionalInterface
public interface ToolFactory {

    Tool create(ToolEntry entry);
}
