package dev.cairn.tools.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database agents may be granted read-only access to, as {@code cairn.yaml} declares it:
 *
 * <pre>
 * data_sources:
 *   crm: {url: "jdbc:postgresql://127.0.0.1:5432/crm", user: reader, password: env:CRM_PASSWORD,
 *         max_rows: 500, max_bytes: 1MiB, timeout: 10s, tenants: [ten_4k2j]}
 * </pre>
 *
 * PostgreSQL ({@code jdbc:postgresql:}), MariaDB and MySQL ({@code jdbc:mariadb:}, {@code jdbc:mysql:})
 * and SQLite ({@code jdbc:sqlite:}) are supported. {@link #toString()} never shows the password.
 * Immutable.
 *
 * @param name     the source's name, which its tools are named after ({@code crm_schema}, {@code crm_query})
 * @param url      the JDBC URL
 * @param user     the database user, or null
 * @param password the password, already resolved from {@code env:NAME}, or null
 * @param maxRows  rows a query answers at most (default 500)
 * @param maxBytes bytes of JSON a query answers at most (default 1 MiB)
 * @param timeout  how long a query may run (default 10s)
 * @param tenants  ids of the tenants whose agents may query it; empty: every tenant's
 */
public record SqlSource(String name, String url, String user, String password, int maxRows, long maxBytes,
                        Duration timeout, List<String> tenants) {

    public static final int DEFAULT_MAX_ROWS = 500;
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|KiB|MB|MiB|GB|GiB)?");
    private static final Set<String> KEYS = Set.of("url", "user", "password", "max_rows", "max_bytes", "timeout",
            "tenants");

    public SqlSource {
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        if (maxRows < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("data source '" + name + "' must allow at least one row and one byte");
        }
        SqlDialect.of(url).orElseThrow(() -> new IllegalArgumentException("data source '" + name + "' has an unsupported url"));
    }

    /** A source every tenant's agents may be granted. */
    public SqlSource(String name, String url, String user, String password, int maxRows, long maxBytes, Duration timeout) {
        this(name, url, user, password, maxRows, maxBytes, timeout, List.of());
    }

    /** True when agents of {@code tenantId} may query this source. */
    public boolean allows(String tenantId) {
        return tenants.isEmpty() || tenants.contains(tenantId);
    }

    /** A source with the default limits. */
    public static SqlSource of(String name, String url, String user, String password) {
        return new SqlSource(name, url, user, password, DEFAULT_MAX_ROWS, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT);
    }

    /** This source with other limits. */
    public SqlSource withLimits(int rows, long bytes, Duration queryTimeout) {
        return new SqlSource(name, url, user, password, rows, bytes, queryTimeout, tenants);
    }

    SqlDialect dialect() {
        return SqlDialect.of(url).orElseThrow();
    }

    @Override
    public String toString() {
        return "SqlSource[" + name + ", " + SqlErrors.redact(url, password) + ", user=" + user + "]";
    }

    /**
     * Reads the {@code data_sources} section of the configuration, adding a message that names the
     * key for every bad value to {@code problems}.
     *
     * @param section  the section (an object of source name to settings), or null when absent
     * @param secrets  resolves {@code env:NAME} references to their value (null when unset)
     */
    public static Map<String, SqlSource> parse(JsonNode section, UnaryOperator<String> secrets, List<String> problems) {
        Map<String, SqlSource> sources = new LinkedHashMap<>();
        if (section == null || section.isNull()) {
            return sources;
        }
        if (!section.isObject()) {
            problems.add("data_sources must map source names to {url, user, password, ...}");
            return sources;
        }
        section.fields().forEachRemaining(field -> {
            SqlSource source = parseOne("data_sources." + field.getKey(), field.getKey(), field.getValue(), secrets, problems);
            if (source != null) {
                sources.put(field.getKey(), source);
            }
        });
        return sources;
    }

    private static SqlSource parseOne(String where, String name, JsonNode node, UnaryOperator<String> secrets,
                                      List<String> problems) {
        List<String> found = new ArrayList<>();
        if (!NAME.matcher(name).matches()) {
            found.add(where + ": a source name is a lowercase letter then up to 40 lowercase letters, digits or '_'");
        }
        if (!node.isObject()) {
            problems.add(where + " must be an object with url, user, password, max_rows, max_bytes, timeout");
            return null;
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                found.add(where + "." + key + " is not a known key (known: max_bytes, max_rows, password, tenants, timeout, url, user)");
            }
        });
        String url = node.path("url").asText("");
        if (SqlDialect.of(url).isEmpty()) {
            found.add(where + ".url '" + SqlErrors.redact(url, null) + "' must be a jdbc:postgresql:, jdbc:mariadb:, "
                    + "jdbc:mysql: or jdbc:sqlite: URL");
        }
        int maxRows = DEFAULT_MAX_ROWS;
        if (node.has("max_rows")) {
            JsonNode rows = node.get("max_rows");
            if (!rows.canConvertToInt() || !rows.isIntegralNumber() || rows.asInt() < 1 || rows.asInt() > 1_000_000) {
                found.add(where + ".max_rows must be a whole number from 1 to 1000000, got " + rows);
            } else {
                maxRows = rows.asInt();
            }
        }
        long maxBytes = DEFAULT_MAX_BYTES;
        if (node.has("max_bytes")) {
            maxBytes = bytes(where + ".max_bytes", node.get("max_bytes").asText(), found);
        }
        Duration timeout = DEFAULT_TIMEOUT;
        if (node.has("timeout")) {
            try {
                timeout = Durations.parse(where + ".timeout", node.get("timeout").asText());
            } catch (IllegalArgumentException e) {
                found.add(e.getMessage());
            }
        }
        List<String> tenants = new ArrayList<>();
        JsonNode tenantList = node.get("tenants");
        if (tenantList != null && !tenantList.isNull()) {
            if (!tenantList.isArray() || tenantList.isEmpty()) {
                found.add(where + ".tenants must be a non-empty list of tenant ids");
            } else {
                tenantList.forEach(id -> {
                    if (!id.isTextual() || id.asText().isBlank()) {
                        found.add(where + ".tenants holds " + id + ", which is not a tenant id");
                    } else {
                        tenants.add(id.asText());
                    }
                });
            }
        }
        String password = text(node.get("password"));
        if (password != null && password.startsWith("env:")) {
            String resolved = secrets.apply(password);
            if (resolved == null) {
                found.add(where + ".password names " + password + ", which is not set");
            }
            password = resolved;
        }
        problems.addAll(found);
        return found.isEmpty()
                ? new SqlSource(name, url, text(node.get("user")), password, maxRows, maxBytes, timeout, tenants) : null;
    }

    /** A size written like {@code 1048576}, {@code 512KiB}, {@code 1MiB} or {@code 2MB}. */
    static long bytes(String key, String text, List<String> problems) {
        Matcher matcher = SIZE.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            problems.add(key + " '" + text + "' is not a size like 65536, 512KiB or 1MiB");
            return DEFAULT_MAX_BYTES;
        }
        long unit = switch (matcher.group(2) == null ? "B" : matcher.group(2)) {
            case "KB" -> 1000;
            case "KiB" -> 1024;
            case "MB" -> 1000 * 1000;
            case "MiB" -> 1024 * 1024;
            case "GB" -> 1000L * 1000 * 1000;
            case "GiB" -> 1024L * 1024 * 1024;
            default -> 1;
        };
        long size = Long.parseLong(matcher.group(1)) * unit;
        if (size < 1024 || size > 64L * 1024 * 1024) {
            problems.add(key + " '" + text + "' must be from 1KiB to 64MiB");
            return DEFAULT_MAX_BYTES;
        }
        return size;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
