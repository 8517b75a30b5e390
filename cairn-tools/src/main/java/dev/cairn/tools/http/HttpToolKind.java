package dev.cairn.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.Durations;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Declared HTTP tools:
 *
 * <pre>
 * - name: refund_order
 *   description: Refund an order.
 *   http: {method: POST, url: "https://billing.internal/orders/{order_id}/refund", headers: {X-Team: support}, timeout: 10s}
 *   input_schema: {type: object, properties: {order_id: {type: string}}, required: [order_id]}
 *   idempotent: false
 * </pre>
 *
 * {@code {name}} in the URL is filled from the argument of that name; the other arguments go in
 * a JSON body (POST, PUT, PATCH) or the query (GET, DELETE). Every call carries an
 * {@code Idempotency-Key} header that is the same each time the same call is made. When
 * {@code idempotent} is unsaid, GET, PUT and DELETE count as idempotent, POST and PATCH do not.
 * Thread-safe; one HTTP client serves every tool of this kind.
 */
public final class HttpToolKind implements ToolKind {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> KEYS = Set.of("method", "url", "headers", "timeout");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;

    private HttpToolKind(HttpClient client) {
        this.client = client;
    }

    public static HttpToolKind create() {
        return new HttpToolKind(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    @Override
    public String key() {
        return "http";
    }

    @Override
    public List<String> problems(ToolEntry entry) {
        List<String> problems = new ArrayList<>();
        if (entry.name() == null) {
            problems.add("name is required for an http tool");
        }
        JsonNode http = entry.http();
        if (!http.isObject()) {
            problems.add("http must be an object with method and url");
            return problems;
        }
        http.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                problems.add("http." + key + " is not a known key (known: headers, method, timeout, url)");
            }
        });
        String method = http.path("method").asText("").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            problems.add("http.method '" + http.path("method").asText("") + "' is not one of DELETE, GET, PATCH, POST, PUT");
        }
        String url = http.path("url").asText("");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            problems.add("http.url '" + url + "' must be an http:// or https:// URL");
        } else {
            try {
                URI.create(PLACEHOLDER.matcher(url).replaceAll("x"));
            } catch (IllegalArgumentException e) {
                problems.add("http.url '" + url + "' is not a valid URL: " + e.getMessage());
            }
            Set<String> properties = properties(entry);
            Matcher placeholders = PLACEHOLDER.matcher(url);
            while (placeholders.find()) {
                if (entry.inputSchema() != null && !properties.contains(placeholders.group(1))) {
                    problems.add("http.url names {" + placeholders.group(1) + "}, which input_schema does not define");
                }
            }
        }
        JsonNode headers = http.get("headers");
        if (headers != null && (!headers.isObject() || !allText(headers))) {
            problems.add("http.headers must map header names to strings");
        }
        if (http.has("timeout")) {
            try {
                Durations.parse("http.timeout", http.get("timeout").asText());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    @Override
    public Tool create(ToolEntry entry) {
        JsonNode http = entry.http();
        String method = http.path("method").asText().toUpperCase(Locale.ROOT);
        Map<String, String> headers = new LinkedHashMap<>();
        http.path("headers").fields().forEachRemaining(header -> headers.put(header.getKey(), header.getValue().asText()));
        Duration timeout = http.has("timeout") ? Durations.parse("http.timeout", http.get("timeout").asText()) : DEFAULT_TIMEOUT;
        boolean idempotent = entry.idempotent() != null ? entry.idempotent()
                : method.equals("GET") || method.equals("PUT") || method.equals("DELETE");
        JsonNode schema = entry.inputSchema() != null ? entry.inputSchema() : Json.constant("{\"type\":\"object\"}");
        return new HttpTool(client, new HttpTool.Declaration(entry.name(), entry.description(), schema, method,
                http.path("url").asText(), headers, timeout, idempotent));
    }

    private static Set<String> properties(ToolEntry entry) {
        Set<String> names = new java.util.HashSet<>();
        if (entry.inputSchema() != null) {
            entry.inputSchema().path("properties").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static boolean allText(JsonNode object) {
        for (JsonNode value : object) {
            if (!value.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
