package dev.cairn.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.tools.http.EgressAllowlist;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hosts declared HTTP tools may reach ({@code egress} in {@code cairn.yaml}). Immutable.
 *
 * <pre>
 * egress:
 *   default: [api.example.com, "*.stripe.com"]   # CAIRN_EGRESS_DEFAULT (comma-separated) wins
 *   tenants:
 *     ten_4k2j: [billing.internal]                # this tenant uses only its own list
 * </pre>
 *
 * Without {@code egress}, no host may be called. Tenants are named by id.
 *
 * @param defaultHosts the hosts of every tenant without a list of its own
 * @param tenantHosts  tenants' own lists, by tenant id
 */
public record EgressConfig(List<String> defaultHosts, Map<String, List<String>> tenantHosts) {

    /** No host may be called. */
    public static final EgressConfig NONE = new EgressConfig(List.of(), Map.of());

    public EgressConfig {
        defaultHosts = List.copyOf(defaultHosts);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        tenantHosts.forEach((tenant, hosts) -> copy.put(tenant, List.copyOf(hosts)));
        tenantHosts = java.util.Collections.unmodifiableMap(copy);
    }

    /** The allowlist HTTP tools check (the entries were checked when the configuration was read). */
    public EgressAllowlist allowlist() {
        return EgressAllowlist.of(defaultHosts, tenantHosts);
    }

    /** Reads {@code egress}, with {@code environmentDefault} (CAIRN_EGRESS_DEFAULT) in place of its default when set. */
    static EgressConfig read(JsonNode node, String environmentDefault, List<String> problems) {
        List<String> defaults = new ArrayList<>();
        Map<String, List<String>> tenants = new LinkedHashMap<>();
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                problems.add("egress must be an object {default: [hosts], tenants: {TENANT_ID: [hosts]}}");
                return NONE;
            }
            node.fieldNames().forEachRemaining(key -> {
                if (!key.equals("default") && !key.equals("tenants")) {
                    problems.add("egress." + key + " is not a known key (known: default, tenants)");
                }
            });
            defaults.addAll(hosts(node.get("default"), "egress.default", problems));
            JsonNode byTenant = node.get("tenants");
            if (byTenant != null && !byTenant.isNull()) {
                if (!byTenant.isObject()) {
                    problems.add("egress.tenants must map tenant ids to lists of hosts");
                } else {
                    byTenant.properties().forEach(entry -> tenants.put(entry.getKey(),
                            hosts(entry.getValue(), "egress.tenants." + entry.getKey(), problems)));
                }
            }
        }
        if (environmentDefault != null) {
            defaults.clear();
            Arrays.stream(environmentDefault.split(",")).map(String::strip).filter(host -> !host.isEmpty())
                    .forEach(host -> checked(host, "CAIRN_EGRESS_DEFAULT", problems, defaults));
        }
        return new EgressConfig(defaults, tenants);
    }

    private static List<String> hosts(JsonNode node, String where, List<String> problems) {
        List<String> hosts = new ArrayList<>();
        if (node == null || node.isNull()) {
            return hosts;
        }
        if (!node.isArray()) {
            problems.add(where + " must be a list of hosts");
            return hosts;
        }
        for (JsonNode host : node) {
            if (!host.isTextual()) {
                problems.add(where + " must list hosts as strings, got " + host);
            } else {
                checked(host.asText(), where, problems, hosts);
            }
        }
        return hosts;
    }

    private static void checked(String host, String where, List<String> problems, List<String> into) {
        EgressAllowlist.problem(host).ifPresentOrElse(problem -> problems.add(where + ": " + problem), () -> into.add(host));
    }
}
