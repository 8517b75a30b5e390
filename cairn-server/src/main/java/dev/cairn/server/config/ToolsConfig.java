package dev.cairn.server.config;

import dev.cairn.core.tool.policy.PolicyRule;
import dev.cairn.tools.code.SandboxSettings;
import dev.cairn.tools.sql.SqlSource;
import java.util.List;
import java.util.Map;

/**
 * What a server gives agents' tools and holds them to, as read from {@code cairn.yaml}. Immutable.
 *
 * @param sandbox      how {@code code_run} runs programs (default: in bubblewrap, with {@link SandboxSettings#DEFAULTS})
 * @param toolPolicies server-wide rules over every agent's tool calls ({@code tool_policies})
 * @param egress       the hosts declared HTTP tools may reach (default: none)
 * @param dataSources  databases agents may be granted read-only access to ({@code sql: {source: NAME}}), by name
 * @param collections  document collections that mirror server folders, by name (see {@link CollectionConfig})
 */
public record ToolsConfig(SandboxSettings sandbox, List<PolicyRule> toolPolicies, EgressConfig egress,
                          Map<String, SqlSource> dataSources, Map<String, CollectionConfig> collections) {

    /** The default sandbox, no server-wide rules, no host allowed, no data sources or declared collections. */
    public static final ToolsConfig DEFAULTS = new ToolsConfig(null, null, null, null, null);

    public ToolsConfig {
        sandbox = sandbox == null ? SandboxSettings.DEFAULTS : sandbox;
        toolPolicies = toolPolicies == null ? List.of() : List.copyOf(toolPolicies);
        egress = egress == null ? EgressConfig.NONE : egress;
        dataSources = dataSources == null ? Map.of() : Map.copyOf(dataSources);
        collections = collections == null ? Map.of() : Map.copyOf(collections);
    }

    public ToolsConfig withSandbox(SandboxSettings settings) {
        return new ToolsConfig(settings, toolPolicies, egress, dataSources, collections);
    }

    public ToolsConfig withToolPolicies(List<PolicyRule> rules) {
        return new ToolsConfig(sandbox, rules, egress, dataSources, collections);
    }

    public ToolsConfig withEgress(EgressConfig allowed) {
        return new ToolsConfig(sandbox, toolPolicies, allowed, dataSources, collections);
    }

    public ToolsConfig withDataSources(Map<String, SqlSource> sources) {
        return new ToolsConfig(sandbox, toolPolicies, egress, sources, collections);
    }

    public ToolsConfig withCollections(Map<String, CollectionConfig> declared) {
        return new ToolsConfig(sandbox, toolPolicies, egress, dataSources, declared);
    }
}
