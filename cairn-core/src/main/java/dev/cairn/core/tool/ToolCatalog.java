package dev.cairn.core.tool;

import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.model.ToolDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in tools a server offers, and the resolved tool set of an agent. Immutable.
 */
public final class ToolCatalog {

    private final Map<String, ToolFactory> builtins;

    private ToolCatalog(Map<String, ToolFactory> builtins) {
        this.builtins = Map.copyOf(builtins);
    }

    public static ToolCatalog of(Map<String, ToolFactory> builtins) {
        return new ToolCatalog(builtins);
    }

    /** A catalog with these built-ins added (replacing any of the same name). */
    public ToolCatalog with(String name, ToolFactory factory) {
        Map<String, ToolFactory> copy = new LinkedHashMap<>(builtins);
        copy.put(name, factory);
        return new ToolCatalog(copy);
    }

    public Set<String> builtinNames() {
        return builtins.keySet();
    }

    /** The agent's tools by the name the model calls them. Entries whose tool is denied are left out. */
    public AgentTools resolve(AgentSpec spec) {
        Map<String, Tool> tools = new LinkedHashMap<>();
        for (ToolEntry entry : spec.tools()) {
            if (entry.builtin() == null || "deny".equals(entry.policyOrDefault())) {
                continue;
            }
            ToolFactory factory = builtins.get(entry.builtin());
            if (factory == null) {
                throw new IllegalStateException("agent '" + spec.name() + "' names built-in tool '" + entry.builtin()
                        + "' which this server does not offer");
            }
            Tool tool = factory.create(entry);
            tools.put(tool.definition().name(), tool);
        }
        return new AgentTools(tools);
    }

    /** An agent's resolved tools. Immutable. */
    public record AgentTools(Map<String, Tool> byName) {
        public AgentTools {
            byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        }

        public Optional<Tool> find(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        public List<ToolDefinition> definitions() {
            return byName.values().stream().map(Tool::definition).toList();
        }
    }
}
