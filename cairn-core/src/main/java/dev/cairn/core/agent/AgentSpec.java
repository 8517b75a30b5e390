package dev.cairn.core.agent;

import java.util.List;
import java.util.Objects;

/**
 * An agent definition as written in YAML or JSON. Parse and check one with {@link AgentSpecs}.
 */
public record AgentSpec(String name, String description, String route, String instructions, MemorySpec memory,
                        List<ToolEntry> tools, Limits limits, OnBusy onBusy) {

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
}
