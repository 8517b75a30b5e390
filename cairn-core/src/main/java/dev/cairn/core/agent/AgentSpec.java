package dev.cairn.core.agent;

import java.util.List;
import java.util.Objects;

/**
 * An agent definition as written in YAML or JSON. Parse and check one with {@link AgentSpecs}.
 *
 * @param retention how long idle sessions are kept, or null to keep them
 */
public record AgentSpec(String name, String description, String route, String instructions, MemorySpec memory,
                        List<ToolEntry> tools, Limits limits, OnBusy onBusy, Retention retention) {

    public AgentSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        route = route == null ? "default" : route;
        instructions = instructions == null ? "" : instructions;
        memory = memory == null ? MemorySpec.NONE : memory;
        tools = tools == null ? List.of() : List.copyOf(tools);
        limits = limits == null ? Limits.DEFAULT : limits;
        onBusy = onBusy == null ? OnBusy.ENQUEUE : onBusy;
    }

    /** A definition whose sessions are kept however long they stay idle. */
    public AgentSpec(String name, String description, String route, String instructions, MemorySpec memory,
                     List<ToolEntry> tools, Limits limits, OnBusy onBusy) {
        this(name, description, route, instructions, memory, tools, limits, onBusy, null);
    }
}
