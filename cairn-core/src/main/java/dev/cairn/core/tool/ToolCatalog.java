package dev.cairn.core.tool;

import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.ToolDeclarations;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.model.ToolDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in tools and the kinds of declared tools a server offers, and the resolved tool set
 * of an agent. Immutable.
 */
public final class ToolCatalog implements ToolDeclarations {

    private final Map<String, ToolFactory> builtins;
    private final Map<String, ToolKind> kinds;

    private ToolCatalog(Map<String, ToolFactory> builtins, Map<String, ToolKind> kinds) {
        this.builtins = Map.copyOf(builtins);
        this.kinds = Map.copyOf(kinds);
    }

    public static ToolCatalog of(Map<String, ToolFactory> builtins) {
        return new ToolCatalog(builtins, Map.of());
    }

    /** A catalog with this built-in added (replacing any of the same name). */
    public ToolCatalog with(String name, ToolFactory factory) {
        Map<String, ToolFactory> copy = new LinkedHashMap<>(builtins);
        copy.put(name, factory);
        return new ToolCatalog(copy, kinds);
    }

    /** A catalog that also accepts declared tools of {@code kind}. */
    public ToolCatalog withKind(ToolKind kind) {
        Map<String, ToolKind> copy = new LinkedHashMap<>(kinds);
        copy.put(kind.key(), kind);
        return new ToolCatalog(builtins, copy);
    }

    public Set<String> builtinNames() {
        return builtins.keySet();
    }

    @Override
    public Set<String> builtins() {
        return builtins.keySet();
    }

    @Override
    public Optional<List<String>> problems(String kind, ToolEntry entry) {
        ToolKind found = kinds.get(kind);
        return found == null ? Optional.empty() : Optional.of(found.problems(entry));
    }

    /**
     * The agent's tools by the name the model calls them, with the policy of each. Entries whose
     * tool is denied are left out.
     */
    public AgentTools resolve(AgentSpec spec) {
        Map<String, Tool> tools = new LinkedHashMap<>();
        Map<String, ToolPolicy> policies = new LinkedHashMap<>();
        for (ToolEntry entry : spec.tools()) {
            if (!"deny".equals(entry.policyOrDefault())) {
                Tool tool = tool(entry).orElseThrow(() -> new IllegalStateException("agent '" + spec.name()
                        + "' names a tool this server does not offer: " + entry));
                tools.put(tool.definition().name(), tool);
                policies.put(tool.definition().name(), ToolPolicy.of(entry));
            }
        }
        return new AgentTools(tools, policies);
    }

    /** The tool one entry makes, whatever its policy; empty when this server does not offer it. */
    public Optional<Tool> tool(ToolEntry entry) {
        if (entry.executedByClient()) {
            return Optional.of(ClientTool.of(entry));
        }
        if (entry.builtin() != null) {
            return Optional.ofNullable(builtins.get(entry.builtin())).map(factory -> factory.create(entry));
        }
        ToolKind kind = entry.http() != null ? kinds.get("http") : entry.mcp() != null ? kinds.get("mcp") : null;
        return Optional.ofNullable(kind).map(found -> found.create(entry));
    }

    /** An agent's resolved tools and their policies. Immutable. */
    public record AgentTools(Map<String, Tool> byName, Map<String, ToolPolicy> policies) {
        public AgentTools {
            byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
            policies = Map.copyOf(policies);
        }

        /** Tools that all run under {@link ToolPolicy#ALLOW}. */
        public AgentTools(Map<String, Tool> byName) {
            this(byName, Map.of());
        }

        public Optional<Tool> find(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        /** The policy of the tool the model calls {@code name}; {@link ToolPolicy#ALLOW} when it has none. */
        public ToolPolicy policy(String name) {
            return policies.getOrDefault(name, ToolPolicy.ALLOW);
        }

        public List<ToolDefinition> definitions() {
            return byName.values().stream().map(Tool::definition).toList();
        }
    }
}
