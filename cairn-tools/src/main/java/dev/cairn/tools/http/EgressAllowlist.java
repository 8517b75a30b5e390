package dev.cairn.tools.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts HTTP tools may reach, per tenant. Immutable and thread-safe.
 *
 * <p>Entries are host names ({@code api.example.com}), wildcards that match one or more labels in
 * front of a domain ({@code *.example.com} matches {@code a.example.com} and {@code a.b.example.com},
 * not {@code example.com}), or IP addresses written canonically ({@code 127.0.0.1}, {@code ::1}).
 * Any port is allowed. A tenant with its own list uses that list instead of the default one; with
 * no list at all, every host is refused.
 *
 * <p>A URL is judged as it will be sent, after its template is filled: it must be {@code http} or
 * {@code https}, carry no user information ({@code user@host}), and have a host. An IP address
 * matches only the same address listed as an address (never a name or wildcard), and a host that
 * looks numeric but is not a canonical address ({@code 2130706433}, {@code 0x7f.1}, {@code 127.1})
 * is refused, so no spelling of an address slips past the list. Names are compared after
 * lower-casing and dropping a final dot; they are not resolved, so the list trusts the DNS of the
 * names it holds.
 */
public final class EgressAllowlist {

    /** Refuses every host. */
    public static final EgressAllowlist DENY_ALL = new EgressAllowlist(List.of(), Map.of());

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");

    private final List<String> defaultHosts;
    private final Map<String, List<String>> tenantHosts;

    private EgressAllowlist(List<String> defaultHosts, Map<String, List<String>> tenantHosts) {
        this.defaultHosts = List.copyOf(defaultHosts);
        this.tenantHosts = Map.copyOf(tenantHosts);
    }

    /**
     * An allowlist of {@code defaultHosts} for every tenant but those in {@code tenantHosts}, which
     * use their own.
     *
     * @throws IllegalArgumentException naming every entry that is not a host, wildcard or address
     */
    public static EgressAllowlist of(List<String> defaultHosts, Map<String, List<String>> tenantHosts) {
        List<String> problems = new ArrayList<>();
        List<String> defaults = normalized(defaultHosts, "egress.default", problems);
        Map<String, List<String>> tenants = new LinkedHashMap<>();
        tenantHosts.forEach((tenant, hosts) -> tenants.put(tenant, normalized(hosts, "egress.tenants." + tenant, problems)));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new EgressAllowlist(defaults, tenants);
    }

    /** Allows {@code hosts} to every tenant. */
    public static EgressAllowlist allowing(String... hosts) {
        return of(List.of(hosts), Map.of());
    }

    /** The problem with one entry, or empty when it is a host name, a wildcard or an IP address. */
    public static Optional<String> problem(String entry) {
        try {
            normalize(entry);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The entries that apply to {@code tenantId}. */
    public List<String> hosts(String tenantId) {
        return tenantId == null ? defaultHosts : tenantHosts.getOrDefault(tenantId, defaultHosts);
    }

    /**
     * Why {@code uri} may not be called for {@code tenantId}, or empty when it may.
     */
    public Optional<String> refusal(String tenantId, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("refused: only http and https URLs may be called");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("refused: the URL carries user information before its host (user@host)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("refused: the URL has no valid host after filling in the arguments");
        }
        String host;
        try {
            host = normalize(uri.getHost());
        } catch (IllegalArgumentException e) {
            return Optional.of("refused: " + e.getMessage());
        }
        List<String> allowed = hosts(tenantId);
        if (allowed.stream().anyMatch(entry -> matches(entry, host))) {
            return Optional.empty();
        }
        return Optional.of("refused: host '" + host + "' is not on the egress allowlist of this tenant"
                + (allowed.isEmpty() ? " (which allows no host)" : "") + "; no request was sent");
    }

    private static boolean matches(String entry, String host) {
        if (entry.startsWith("*.")) {
            return !isAddress(host) && host.endsWith(entry.substring(1));
        }
        return entry.equals(host);
    }

    private static boolean isAddress(String host) {
        return host.contains(":") || IPV4.matcher(host).matches();
    }

    private static List<String> normalized(List<String> entries, String where, List<String> problems) {
        List<String> result = new ArrayList<>();
        for (String entry : entries) {
            try {
                result.add(normalize(entry));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        return result;
    }

    /** The entry or host in the form compared: lower case, no final dot, IPv6 without brackets, canonical. */
    private static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("an empty host");
        }
        String host = raw.strip().toLowerCase(Locale.ROOT);
        if (host.contains("/") || host.contains("@")) {
            throw new IllegalArgumentException("'" + raw + "' is not a host name: write the host alone, without a scheme,"
                    + " user, port or path");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.contains(":")) {
            return ipv6(host, raw);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        boolean wildcard = host.startsWith("*.");
        String name = wildcard ? host.substring(2) : host;
        String[] labels = name.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (!wildcard && NUMERIC_LABEL.matcher(last).matches()) {
            if (!IPV4.matcher(name).matches()) {
                throw new IllegalArgumentException("host '" + raw + "' is not a canonical IP address (write IPv4 as four"
                        + " decimal numbers, like 127.0.0.1)");
            }
            return name;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + raw + "' is not a host name, a wildcard like *.example.com, or"
                        + " an IP address");
            }
        }
        if (NUMERIC_LABEL.matcher(last).matches()) {
            throw new IllegalArgumentException("'" + raw + "' is not a host name: its last label is a number");
        }
        return host;
    }

    private static String ipv6(String host, String raw) {
        if (!host.matches("[0-9a-f:.]+")) {
            throw new IllegalArgumentException("'" + raw + "' is not a host name: write the host alone, without a scheme,"
                    + " user, port or path");
        }
        try {
            // A literal with a colon is parsed, never looked up.
            return InetAddress.getByName("[" + host + "]").getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + raw + "' is not an IPv6 address");
        }
    }

    @Override
    public String toString() {
        return "EgressAllowlist[default " + defaultHosts + ", tenants " + tenantHosts + "]";
    }
}
