package dev.cairn.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.agent.Durations;
import dev.cairn.core.json.Json;
import dev.cairn.tools.sql.SqlSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code cairn.yaml}, applies environment overrides and command-line options, and checks
 * every value, failing with one message that lists each problem.
 *
 * <pre>
 * listen: {host: 127.0.0.1, port: 8080}      # CAIRN_HOST, CAIRN_PORT
 * data: ./cairn-data                          # CAIRN_DATA
 * store: sqlite:./cairn-data/cairn.db         # CAIRN_STORE; or postgres://USER@HOST:PORT/DB?pool-size=10
 * admin_key: ...                              # CAIRN_ADMIN_KEY
 * providers:
 *   - {name: openai, type: openai, api_key: env:OPENAI_API_KEY, wire_api: chat}
 *   - {name: claude, type: anthropic, api_key: env:ANTHROPIC_API_KEY}
 *   - {name: aws, type: bedrock, region: us-east-1, access_key_id: env:AWS_ACCESS_KEY_ID, secret_access_key: env:AWS_SECRET_ACCESS_KEY}
 *   - {name: local, type: ollama, base_url: "http://localhost:11434", region: eu-west}
 * routes:
 *   default: {targets: [{provider: openai, model: gpt-4o-mini, timeout: 20s}], context_tokens: 16000, max_output_tokens: 1000}
 * retry: {max_attempts: 4, initial_backoff: 500ms, max_backoff: 20s}
 * runs: {lease: 10s}                          # CAIRN_LEASE
 * breakers: {failure_rate: 50, window: 20, minimum_calls: 5, open_for: 30s, trial_calls: 2}
 * sandbox: {mode: bubblewrap, cpu: 10s, memory: 512MiB, processes: 64, wall: 30s, output: 64KiB}
 * tool_policies:                              # server-wide rules over tool calls
 *   - {tool: "payments.*", effect: require_approval, when: "args.amount > 100", tenant: acme, agent: "*"}
 * secrets: {key: env:NAME, key_file: PATH}   # CAIRN_SECRETS_KEY; see SecretsConfig
 * egress: {default: [hosts], tenants: {ID: [hosts]}}   # CAIRN_EGRESS_DEFAULT; see EgressConfig
 * prices: {currency: USD, models: [...]}    # budgets: [...], budget_timezone; see BudgetConfigReader
 * data_sources:                               # granted to agents with {@code sql: {source: crm}}
 *   crm: {url: "jdbc:postgresql://127.0.0.1:5432/crm", user: reader, password: env:CRM_PASSWORD,
 *         max_rows: 500, max_bytes: 1MiB, timeout: 10s, tenants: [ten_4k2j]}
 * collections: {handbook: {folder: /srv/handbook}}
 * policy_default: allow                       # model calls no policy rule matches; see PolicyDocuments
 * policies:
 *   - {name: eu-only, match: {model: "gpt-*", classification: confidential}, require_provider: [azure-eu]}
 * </pre>
 */
public final class ConfigLoader {

    private static final Set<String> TOP_LEVEL = Set.of("listen", "data", "store", "admin_key", "providers", "routes", "retry",
            "runs", "sandbox", "tool_policies", "secrets", "egress", "data_sources", "collections", "breakers",
            "policies", "policy_default", "prices", "budgets", "budget_timezone", "budget_reservation_hold");
    private static final Set<String> PROVIDER_TYPES = Set.of("openai", "anthropic", "scripted", "bedrock", "ollama");

    private final Map<String, String> environment;

    private ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static ConfigLoader create(Map<String, String> environment) {
        return new ConfigLoader(environment);
    }

    /** Command-line options, which win over the environment and the file; null leaves a value as it is. */
    public record Overrides(Path configFile, Integer port, Path dataDir, String host) {
        public static final Overrides NONE = new Overrides(null, null, null, null);
    }

    /**
     * @throws ConfigException naming every bad key and value
     */
    public CairnConfig load(Overrides overrides) {
        ObjectNode tree = read(overrides.configFile());
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL.contains(name)) {
                problems.add("'" + name + "' is not a known key (known: " + String.join(", ", TOP_LEVEL.stream().sorted().toList()) + ")");
            }
        }
        JsonNode listen = tree.path("listen");
        String host = firstNonNull(overrides.host(), environment.get("CAIRN_HOST"), textOrNull(listen.get("host")), "127.0.0.1");
        int port = port(overrides, listen, problems);
        Path dataDir = Path.of(firstNonNull(overrides.dataDir() == null ? null : overrides.dataDir().toString(),
                environment.get("CAIRN_DATA"), textOrNull(tree.get("data")), "cairn-data"));
        String store = firstNonNull(environment.get("CAIRN_STORE"), textOrNull(tree.get("store")),
                "sqlite:" + dataDir.resolve("cairn.db"));
        try {
            StoreUrl.parse(store);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        String adminKey = firstNonNull(environment.get("CAIRN_ADMIN_KEY"), textOrNull(tree.get("admin_key")), null);
        if (adminKey != null && adminKey.length() < 16) {
            problems.add("admin_key must be at least 16 characters");
        }
        List<ProviderConfig> providers = providers(tree.get("providers"), problems);
        Map<String, RouteConfig> routes = routes(tree.get("routes"), providers, problems);
        CairnConfig.RetryConfig retry = retry(tree.get("retry"), problems);
        java.time.Duration lease = lease(tree.path("runs"), problems);
        ToolsConfig tools = ToolsConfig.DEFAULTS
                .withSandbox(SandboxConfigReader.read(tree.get("sandbox"), problems))
                .withToolPolicies(dev.cairn.core.tool.policy.PolicySpecs.readServerRules(tree.get("tool_policies"), problems))
                .withEgress(EgressConfig.read(tree.get("egress"), environment.get("CAIRN_EGRESS_DEFAULT"), problems))
                .withDataSources(SqlSource.parse(tree.get("data_sources"), this::resolveSecret, problems))
                .withCollections(CollectionConfig.read(tree.get("collections"), problems));
        SecretsConfig secrets = SecretsConfig.read(tree.get("secrets"), environment, dataDir, problems);
        dev.cairn.core.route.TargetBreakers.Settings breakers = BreakerConfig.read(tree.get("breakers"), problems);
        PolicyConfig policies = PolicyConfigReader.read(tree, providers, overrides.configFile(), problems);
        dev.cairn.core.gateway.BudgetSettings budgets = BudgetConfigReader.read(tree, routes, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("configuration is invalid:\n  - " + String.join("\n  - ", problems));
        }
        return new CairnConfig(host, port, dataDir, store, adminKey, providers, routes, retry, lease, secrets, breakers, tools,
                policies, budgets);
    }

    private static ObjectNode read(Path file) {
        if (file == null) {
            return Json.object();
        }
        try {
            JsonNode tree = Json.yaml().readTree(Files.readString(file));
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return Json.object();
            }
            if (!tree.isObject()) {
                throw new ConfigException(file + " must hold a YAML mapping of keys to values");
            }
            return (ObjectNode) tree;
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
    }

    private int port(Overrides overrides, JsonNode listen, List<String> problems) {
        if (overrides.port() != null) {
            return checkPort(overrides.port(), "--port", problems);
        }
        String fromEnv = environment.get("CAIRN_PORT");
        if (fromEnv != null) {
            try {
                return checkPort(Integer.parseInt(fromEnv.trim()), "CAIRN_PORT", problems);
            } catch (NumberFormatException e) {
                problems.add("CAIRN_PORT '" + fromEnv + "' is not a port number");
                return 0;
            }
        }
        JsonNode node = listen.get("port");
        if (node == null) {
            return 8080;
        }
        if (!node.isInt()) {
            problems.add("listen.port must be a whole number, got " + node);
            return 0;
        }
        return checkPort(node.asInt(), "listen.port", problems);
    }

    private static int checkPort(int port, String key, List<String> problems) {
        if (port < 0 || port > 65535) {
            problems.add(key + " " + port + " is not between 0 and 65535");
        }
        return port;
    }

    private List<ProviderConfig> providers(JsonNode node, List<String> problems) {
        List<ProviderConfig> providers = new ArrayList<>();
        if (node != null && !node.isNull()) {
            if (!node.isArray()) {
                problems.add("providers must be a list");
            } else {
                for (int i = 0; i < node.size(); i++) {
                    ProviderConfig provider = mapped(node.get(i), ProviderConfig.class, "providers[" + i + "]", problems);
                    if (provider != null) {
                        checkProvider("providers[" + i + "]", provider, problems);
                        providers.add(provider);
                    }
                }
            }
        }
        if (providers.stream().noneMatch(p -> p.name() != null && p.name().equals("scripted"))) {
            providers.add(new ProviderConfig("scripted", "scripted", null, null, null, null));
        }
        return providers;
    }

    private void checkProvider(String where, ProviderConfig provider, List<String> problems) {
        if (provider.name() == null || !provider.name().matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            problems.add(where + ".name is required: lowercase letters, digits, '-' or '_'");
        }
        if (provider.type() == null || !PROVIDER_TYPES.contains(provider.type())) {
            problems.add(where + ".type '" + provider.type() + "' is not one of " + String.join(", ", PROVIDER_TYPES.stream().sorted().toList()));
        }
        if (provider.wireApi() != null && !provider.wireApi().equals("chat") && !provider.wireApi().equals("responses")) {
            problems.add(where + ".wire_api '" + provider.wireApi() + "' is not one of chat, responses");
        }
        if (provider.wireApi() != null && "anthropic".equals(provider.type())) {
            problems.add(where + ".wire_api applies only to type openai");
        }
        if (provider.timeout() != null) {
            try {
                Durations.parse(where + ".timeout", provider.timeout());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if ("openai".equals(provider.type()) && resolveSecret(provider.apiKey()) == null && provider.baseUrl() == null) {
            problems.add(where + ".api_key is required for api.openai.com (" + (provider.apiKey() == null ? "not set"
                    : provider.apiKey() + " is not set") + ")");
        }
        if ("anthropic".equals(provider.type()) && resolveSecret(provider.apiKey()) == null && provider.baseUrl() == null) {
            problems.add(where + ".api_key is required for api.anthropic.com (" + (provider.apiKey() == null ? "not set"
                    : provider.apiKey() + " is not set") + ")");
        }
        ProviderConfigChecks.check(where, provider, this::resolveSecret, problems);
    }

    /** The value of {@code env:NAME} from the environment, or the literal text; null when unset. */
    public String resolveSecret(String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith("env:")) {
            String resolved = environment.get(value.substring(4));
            return resolved == null || resolved.isBlank() ? null : resolved;
        }
        return value;
    }

    private Map<String, RouteConfig> routes(JsonNode node, List<ProviderConfig> providers, List<String> problems) {
        Map<String, RouteConfig> routes = new LinkedHashMap<>();
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                problems.add("routes must map route names to {targets: [...]}");
            } else {
                node.fields().forEachRemaining(entry -> {
                    String where = "routes." + entry.getKey();
                    RouteConfig route = mapped(entry.getValue(), RouteConfig.class, where, problems);
                    if (route != null) {
                        checkRoute(where, route, providers, problems);
                        routes.put(entry.getKey(), route);
                    }
                });
            }
        }
        RouteConfig scripted = new RouteConfig(List.of(new RouteConfig.Target("scripted", "scripted")), 16_000, 1_000);
        routes.putIfAbsent("scripted", scripted);
        routes.putIfAbsent("default", scripted);
        return routes;
    }

    private static void checkRoute(String where, RouteConfig route, List<ProviderConfig> providers, List<String> problems) {
        if (route.targets() == null || route.targets().isEmpty()) {
            problems.add(where + ".targets must list at least one {provider, model}");
            return;
        }
        for (int i = 0; i < route.targets().size(); i++) {
            RouteConfig.Target target = route.targets().get(i);
            String provider = target.provider();
            if (provider == null || providers.stream().noneMatch(p -> provider.equals(p.name()))) {
                problems.add(where + ".targets[" + i + "].provider '" + provider + "' is not a configured provider");
            }
            if (target.model() == null || target.model().isBlank()) {
                problems.add(where + ".targets[" + i + "].model is required");
            }
            ProviderConfigChecks.targetTimeout(where + ".targets[" + i + "].timeout", target.timeout(), problems);
        }
        int context = route.contextTokens() == null ? 16_000 : route.contextTokens();
        int output = route.maxOutputTokens() == null ? 1_000 : route.maxOutputTokens();
        if (context < 256) {
            problems.add(where + ".context_tokens must be at least 256, got " + context);
        } else if (output < 0 || output >= context) {
            problems.add(where + ".max_output_tokens must be between 0 and context_tokens, got " + output);
        }
    }

    private java.time.Duration lease(JsonNode runs, List<String> problems) {
        runs.fieldNames().forEachRemaining(key -> {
            if (!key.equals("lease")) {
                problems.add("runs." + key + " is not a known key (known: lease)");
            }
        });
        String text = firstNonNull(environment.get("CAIRN_LEASE"), textOrNull(runs.get("lease")), "10s");
        try {
            java.time.Duration lease = Durations.parse("runs.lease", text);
            if (lease.toMillis() < 500) {
                problems.add("runs.lease '" + text + "' must be at least 500ms");
            }
            return lease;
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return java.time.Duration.ofSeconds(10);
        }
    }

    private static CairnConfig.RetryConfig retry(JsonNode node, List<String> problems) {
        CairnConfig.RetryConfig defaults = new CairnConfig.RetryConfig(4, "500ms", "20s");
        if (node == null || node.isNull()) {
            return defaults;
        }
        CairnConfig.RetryConfig retry = mapped(node, CairnConfig.RetryConfig.class, "retry", problems);
        if (retry == null) {
            return defaults;
        }
        CairnConfig.RetryConfig filled = new CairnConfig.RetryConfig(retry.maxAttempts() == null ? defaults.maxAttempts() : retry.maxAttempts(),
                retry.initialBackoff() == null ? defaults.initialBackoff() : retry.initialBackoff(),
                retry.maxBackoff() == null ? defaults.maxBackoff() : retry.maxBackoff());
        if (filled.maxAttempts() < 1) {
            problems.add("retry.max_attempts must be at least 1, got " + filled.maxAttempts());
        }
        for (String[] duration : new String[][] {{"retry.initial_backoff", filled.initialBackoff()}, {"retry.max_backoff", filled.maxBackoff()}}) {
            try {
                Durations.parse(duration[0], duration[1]);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return filled;
    }

    private static <T> T mapped(JsonNode node, Class<T> type, String where, List<String> problems) {
        ObjectMapper mapper = Json.mapper();
        try {
            return mapper.treeToValue(node, type);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            problems.add(where + "." + e.getPropertyName() + " is not a known key (known: "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()) + ")");
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "" : "." + e.getPath().getLast().getFieldName();
            problems.add(where + field + " has the wrong type: " + e.getOriginalMessage());
        } catch (IOException | IllegalArgumentException e) {
            problems.add(where + " is invalid: " + e.getMessage());
        }
        return null;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
