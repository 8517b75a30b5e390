package dev.cairn.server.config;

import dev.cairn.core.gateway.BudgetSettings;
import dev.cairn.core.route.TargetBreakers;
import dev.cairn.core.tool.policy.PolicyRule;
import dev.cairn.tools.code.SandboxSettings;
import dev.cairn.tools.sql.SqlSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a Cairn server is configured with, as read from {@code cairn.yaml} and the
 * environment. Immutable. Built and checked by {@link ConfigLoader}.
 *
 * @param host      address to listen on (default 127.0.0.1)
 * @param port      port to listen on (default 8080; 0 picks a free one)
 * @param dataDir   folder for the database and workspaces (default ./cairn-data)
 * @param store     {@code sqlite:PATH} (default: sqlite in the data folder), or a PostgreSQL URL
 *                  ({@code postgres://USER@HOST:PORT/DATABASE}, see {@link StoreUrl})
 * @param adminKey  the admin API key to accept from the first start, or null to generate one
 * @param providers model providers; {@code scripted} always exists
 * @param routes    route name to targets; {@code scripted} always exists, {@code default} falls back to it
 * @param retry     how model calls are retried
 * @param lease     how long a session's lease lasts without a heartbeat (default 10s): the time
 *                  after which another worker resumes the runs of a worker that died
 * @param secrets   where the key that seals secrets comes from (default: the key file DATA/secrets.key)
 * @param breakers  when a route target's circuit breaker opens ({@code breakers}; default
 *                  {@link TargetBreakers.Settings#DEFAULTS})
 * @param tools     what agents' tools are given and held to: the code sandbox, server-wide tool
 *                  rules, the egress allowlist, ... (see {@link ToolsConfig})
 * @param policies  the model-call policy ({@code policies}, {@code policy_default}) and where it was
 *                  read from (default: no rules, every call allowed; see {@link PolicyConfig})
 * @param budgets   prices, budgets and their time zone ({@code prices}, {@code budgets},
 *                  {@code budget_timezone}; default {@link BudgetSettings#NONE})
 */
public record CairnConfig(String host, int port, Path dataDir, String store, String adminKey,
                          List<ProviderConfig> providers, Map<String, RouteConfig> routes, RetryConfig retry,
                          java.time.Duration lease, SecretsConfig secrets, TargetBreakers.Settings breakers,
                          ToolsConfig tools, PolicyConfig policies, BudgetSettings budgets) {

    public CairnConfig {
        providers = List.copyOf(providers);
        routes = Map.copyOf(routes);
        secrets = secrets == null ? SecretsConfig.keyFileIn(dataDir) : secrets;
        breakers = breakers == null ? TargetBreakers.Settings.DEFAULTS : breakers;
        tools = tools == null ? ToolsConfig.DEFAULTS : tools;
        policies = policies == null ? PolicyConfig.NONE : policies;
        budgets = budgets == null ? BudgetSettings.NONE : budgets;
    }

    /** A configuration without a model-call policy (every model call allowed), prices or budgets. */
    public CairnConfig(String host, int port, Path dataDir, String store, String adminKey, List<ProviderConfig> providers,
                       Map<String, RouteConfig> routes, RetryConfig retry, java.time.Duration lease, SecretsConfig secrets,
                       TargetBreakers.Settings breakers, ToolsConfig tools) {
        this(host, port, dataDir, store, adminKey, providers, routes, retry, lease, secrets, breakers, tools, null, null);
    }

    /**
     * A configuration whose secrets are sealed with the key file in the data folder and whose
     * tools have the defaults of {@link ToolsConfig#DEFAULTS}.
     */
    public CairnConfig(String host, int port, Path dataDir, String store, String adminKey, List<ProviderConfig> providers,
                       Map<String, RouteConfig> routes, RetryConfig retry, java.time.Duration lease) {
        this(host, port, dataDir, store, adminKey, providers, routes, retry, lease, null, null, ToolsConfig.DEFAULTS, null, null);
    }

    /** The hosts declared HTTP tools may reach. */
    public EgressConfig egress() {
        return tools.egress();
    }

    /** How {@code code_run} runs programs. */
    public SandboxSettings sandbox() {
        return tools.sandbox();
    }

    /** Server-wide rules over every agent's tool calls ({@code tool_policies}). */
    public List<PolicyRule> toolPolicies() {
        return tools.toolPolicies();
    }

    /** Databases agents may be granted read-only access to ({@code sql: {source: NAME}}), by name. */
    public Map<String, SqlSource> dataSources() {
        return tools.dataSources();
    }

    /** Document collections that mirror server folders, by name. */
    public Map<String, CollectionConfig> collections() {
        return tools.collections();
    }

    /** The SQLite database file the store names. */
    public Path sqliteFile() {
        if (!(storeUrl() instanceof StoreUrl.Sqlite sqlite)) {
            throw new ConfigException("store is not sqlite:PATH");
        }
        return sqlite.file();
    }

    /** The store {@code store} names, by its scheme. */
    public StoreUrl storeUrl() {
        return StoreUrl.parse(store);
    }

    /** Model-call retries: attempts and backoff bounds. */
    public record RetryConfig(Integer maxAttempts, String initialBackoff, String maxBackoff) {
    }
}
