package dev.cairn.core.tool;

import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.ToolDeclarations;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.policy.ToolGuard;
import dev.cairn.core.tool.policy.ToolPolicies;
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
    private final Tool outputReader;
    private final ToolPolicies toolPolicies;

    private ToolCatalog(Map<String, ToolFactory> builtins, Map<String, ToolKind> kinds, Tool outputReader,
                        ToolPolicies toolPolicies) {
        this.builtins = Map.copyOf(builtins);
        this.kinds = Map.copyOf(kinds);
        this.outputReader = outputReader;
        this.toolPolicies = toolPolicies;
    }

    public static ToolCatalog of(Map<String, ToolFactory> builtins) {
        return new ToolCatalog(builtins, Map.of(), null, ToolPolicies.NONE);
    }

    /** A catalog whose agents' calls are checked by {@code policies} (server rules, input schemas, rate limits). */
    public ToolCatalog withPolicies(ToolPolicies policies) {
        return new ToolCatalog(builtins, kinds, outputReader, java.util.Objects.requireNonNull(policies, "policies"));
    }

    /** The server's tool policy; {@link ToolPolicies#NONE} unless one was given. */
    public ToolPolicies toolPolicies() {
        return toolPolicies;
    }

    /**
     * A catalog whose agents all get {@code reader} (see {@link ReadOutputTool}) beside their own
     * tools, offered to the model only while the context holds a truncated output.
     */
    public ToolCatalog withOutputReader(Tool reader) {
        return new ToolCatalog(builtins, kinds, java.util.Objects.requireNonNull(reader, "reader"), toolPolicies);
    }

    /** A catalog with this built-in added (replacing any of the same name). */
    public ToolCatalog with(String name, ToolFactory factory) {
        Map<String, ToolFactory> copy = new LinkedHashMap<>(builtins);
        copy.put(name, factory);
        return new ToolCatalog(copy, kinds, outputReader, toolPolicies);
    }

    /** A catalog that also accepts declared tools of {@code kind}. */
    public ToolCatalog withKind(ToolKind kind) {
        Map<String, ToolKind> copy = new LinkedHashMap<>(kinds);
        copy.put(kind.key(), kind);
        return new ToolCatalog(builtins, copy, outputReader, toolPolicies);
    }

    public Set<String> builtinNames() {
        return builtins.keySet();
    }

    @Override
    public Set<String> builtins() {
        return builtins.keySet();
    }

    @Override
    public Set<String> kinds() {
        return kinds.keySet();
    }

    @Override
    public Optional<List<String>> problems(String kind, ToolEntry entry) {
        ToolKind found = kinds.get(kind);
        return found == null ? Optional.empty() : Optional.of(found.problems(entry));
    }

    /** The agent's tools as {@link #resolve(AgentSpec, String)} gives them outside any tenant. */
    public AgentTools resolve(AgentSpec spec) {
        return resolve(spec, null);
    }

    /**
     * The agent's tools by the name the model calls them, with the policy and guard of each, for
     * a session of {@code tenantId}. Tools denied outright (by the entry or a server rule) are
     * left out; a call of one is refused by name.
     */
    public AgentTools resolve(AgentSpec spec, String tenantId) {
        Map<String, Tool> tools = new LinkedHashMap<>();
        Map<String, ToolPolicy> policies = new LinkedHashMap<>();
        Map<String, ToolGuard> guards = new LinkedHashMap<>();
        List<ToolEntry> entries = spec.tools();
        for (int index = 0; index < entries.size(); index++) {
            ToolEntry entry = entries.get(index);
            if ("deny".equals(entry.policyOrDefault())) {
                Tool named = ClientTool.of(new ToolEntry(null, entry.name() != null ? entry.name() : entry.builtin(),
                        entry.description(), null, null, null, null, null, true, null, null));
                guards.put(named.definition().name(), toolPolicies.guard(tenantId, spec.name(), index, entry, named));
                continue;
            }
            List<Tool> made = tools(tenantId, spec, entry).orElseThrow(() -> new IllegalStateException("agent '" + spec.name()
                    + "' names a tool this server does not offer: " + entry));
            for (Tool tool : made) {
                ToolGuard guard = toolPolicies.guard(tenantId, spec.name(), index, entry, tool);
                guards.put(tool.definition().name(), guard);
                if (!guard.deniedOutright()) {
                    tools.put(tool.definition().name(), tool);
                    policies.put(tool.definition().name(), ToolPolicy.of(entry));
                }
            }
        }
        Tool reader = tools.containsKey(readerName()) ? null : outputReader;
        if (reader != null) {
            guards.put(reader.definition().name(), toolPolicies.guard(tenantId, spec.name(), -1, null, reader));
        }
        return new AgentTools(tools, policies, reader, guards);
    }

    private String readerName() {
        return outputReader == null ? "" : outputReader.definition().name();
    }

    /**
     * The tools one entry of {@code agent} makes, whatever its policy (one, but for a declared kind
     * that makes several); empty when this server does not offer it.
     */
    public Optional<List<Tool>> tools(AgentSpec agent, ToolEntry entry) {
        return tools(null, agent, entry);
    }

    /** As {@link #tools(AgentSpec, ToolEntry)}, for sessions of {@code tenantId} (null: outside any tenant). */
    public Optional<List<Tool>> tools(String tenantId, AgentSpec agent, ToolEntry entry) {
        if (entry.executedByClient()) {
            return Optional.of(List.of(ClientTool.of(entry)));
        }
        if (entry.builtin() != null) {
            return Optional.ofNullable(builtins.get(entry.builtin())).map(factory -> List.of(factory.create(agent, entry)));
        }
        ToolKind kind = entry.kind() == null ? null : kinds.get(entry.kind());
        return Optional.ofNullable(kind).map(found -> found.tools(tenantId, agent, entry));
    }

    /**
     * An agent's resolved tools and their policies. Immutable.
     *
     * @param byName       the agent's own tools, by the name the model calls them
     * @param policies     the policy of each tool, by name
     * @param outputReader the tool that reads truncated outputs, or null; always callable, offered
     *                     only when asked for
     * @param guards       the guard of each tool by name, those denied outright too
     */
    public record AgentTools(Map<String, Tool> byName, Map<String, ToolPolicy> policies, Tool outputReader,
                             Map<String, ToolGuard> guards) {
        public AgentTools {
            byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
            policies = Map.copyOf(policies);
            guards = Map.copyOf(guards);
        }

        /** Tools without guards: no rules, no input checks, default limits. */
        public AgentTools(Map<String, Tool> byName, Map<String, ToolPolicy> policies, Tool outputReader) {
            this(byName, policies, outputReader, Map.of());
        }

        /** Tools that all run under {@link ToolPolicy#ALLOW}, with no output reader. */
        public AgentTools(Map<String, Tool> byName) {
            this(byName, Map.of(), null);
        }

        /** The guard of the tool the model calls {@code name}, also for a tool denied outright. */
        public Optional<ToolGuard> guard(String name) {
            return Optional.ofNullable(guards.get(name));
        }

        public Optional<Tool> find(String name) {
            Tool tool = byName.get(name);
            if (tool == null && outputReader != null && outputReader.definition().name().equals(name)) {
                tool = outputReader;
            }
            return Optional.ofNullable(tool);
        }

        /** The policy of the tool the model calls {@code name}; {@link ToolPolicy#ALLOW} when it has none. */
        public ToolPolicy policy(String name) {
            return policies.getOrDefault(name, ToolPolicy.ALLOW);
        }

        public List<ToolDefinition> definitions() {
            return byName.values().stream().map(Tool::definition).toList();
        }

        /** The agent's tools, and the output reader too when {@code withOutputReader} and there is one. */
        public List<ToolDefinition> definitions(boolean withOutputReader) {
            if (!withOutputReader || outputReader == null) {
                return definitions();
            }
            List<ToolDefinition> definitions = new java.util.ArrayList<>(definitions());
            definitions.add(outputReader.definition());
            return List.copyOf(definitions);
        }
    }
}
