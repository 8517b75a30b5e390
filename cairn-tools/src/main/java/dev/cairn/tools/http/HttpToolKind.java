package dev.cairn.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.Durations;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.secret.SecretResolver;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Declared HTTP tools:
 *
 * <pre>
 * - name: refund_order
 *   description: Refund an order.
 *   http:
 *     method: POST
 *     url: "https://billing.internal/orders/{order_id}/refund"
 *     auth: secret:billing                  # or {type: bearer|basic|header, secret: billing, header: X-Api-Key}
 *     headers: {X-Team: support, X-Signature: "secret:signing"}
 *     body: {refund: {amount: "{amount}", note: "refund of {order_id}"}}
 *     response: {pointer: /refund, max_bytes: 4096}
 *     timeout: 10s
 *   input_schema: {type: object, properties: {order_id: {type: string}, amount: {type: number}}, required: [order_id]}
 *   idempotent: false
 * </pre>
 *
 * {@code {name}} in the URL is filled from the argument of that name; the other arguments go in
 * a JSON body (POST, PUT, PATCH; or as {@code body} maps them, see {@link BodyTemplate}) or the
 * query (GET, DELETE). {@code secret:NAME} in {@code auth} and in header values names a secret of
 * the session's tenant, resolved when the call is sent. Every call carries an
 * {@code Idempotency-Key} header that is the same each time the same call is made. When
 * {@code idempotent} is unsaid, GET, PUT and DELETE count as idempotent, POST and PATCH do not.
 * Hosts are checked against an {@link EgressAllowlist}; redirects are never followed.
 * Thread-safe; one HTTP client serves every tool of this kind.
 */
public final class HttpToolKind implements ToolKind {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final List<String> KEYS = List.of("auth", "body", "headers", "method", "response", "timeout", "url");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final EgressAllowlist egress;
    private final SecretResolver secrets;

    private HttpToolKind(HttpClient client, EgressAllowlist egress, SecretResolver secrets) {
        this.client = client;
        this.egress = Objects.requireNonNull(egress, "egress");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /**
     * HTTP tools that may reach the hosts {@code egress} allows and use the secrets {@code secrets} resolves.
     */
    public static HttpToolKind create(EgressAllowlist egress, SecretResolver secrets) {
        return new HttpToolKind(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build(), egress, secrets);
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
                problems.add("http." + key + " is not a known key (known: " + String.join(", ", KEYS) + ")");
            }
        });
        String method = http.path("method").asText("").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            problems.add("http.method '" + http.path("method").asText("") + "' is not one of DELETE, GET, PATCH, POST, PUT");
        }
        urlProblems(entry, http.path("url").asText(""), problems);
        JsonNode headers = http.get("headers");
        if (headers != null && (!headers.isObject() || !allText(headers))) {
            problems.add("http.headers must map header names to strings");
        }
        HttpAuth auth = HttpAuth.parse(http.get("auth"), problems);
        problems.addAll(HttpHeaders.problems(headers(http), auth.headerName()));
        if (http.has("body")) {
            if (!Set.of("POST", "PUT", "PATCH").contains(method)) {
                problems.add("http.body applies only to POST, PUT and PATCH");
            }
            problems.addAll(BodyTemplate.problems(http.get("body"), properties(entry), entry.inputSchema() != null));
        }
        if (HttpHeaders.SECRET_REFERENCE.matcher(http.path("url").asText("")).find()
                || http.has("body") && HttpHeaders.SECRET_REFERENCE.matcher(http.get("body").toString()).find()) {
            problems.add("http.url and http.body cannot name secrets (secret:NAME); secrets are sent only through"
                    + " http.auth and http.headers");
        }
        ResponseMapping.parse(http.get("response"), problems);
        if (http.has("timeout")) {
            try {
                Durations.parse("http.timeout", http.get("timeout").asText());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    private static void urlProblems(ToolEntry entry, String url, List<String> problems) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            problems.add("http.url '" + url + "' must be an http:// or https:// URL");
            return;
        }
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

    @Override
    public Tool create(ToolEntry entry) {
        JsonNode http = entry.http();
        String method = http.path("method").asText().toUpperCase(Locale.ROOT);
        Duration timeout = http.has("timeout") ? Durations.parse("http.timeout", http.get("timeout").asText()) : DEFAULT_TIMEOUT;
        boolean idempotent = entry.idempotent() != null ? entry.idempotent()
                : method.equals("GET") || method.equals("PUT") || method.equals("DELETE");
        JsonNode schema = entry.inputSchema() != null ? entry.inputSchema() : Json.constant("{\"type\":\"object\"}");
        List<String> unexpected = new ArrayList<>();
        HttpTool.Declaration declaration = new HttpTool.Declaration(entry.name(), entry.description(), schema, method,
                http.path("url").asText(), new HttpHeaders(headers(http)), HttpAuth.parse(http.get("auth"), unexpected),
                http.has("body") ? new BodyTemplate(http.get("body")) : null,
                ResponseMapping.parse(http.get("response"), unexpected), timeout, idempotent);
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException("http tool '" + entry.name() + "' is not valid: " + unexpected);
        }
        return new HttpTool(client, egress, secrets, declaration);
    }

    private static Map<String, String> headers(JsonNode http) {
        Map<String, String> headers = new LinkedHashMap<>();
        http.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
        return headers;
    }

    private static Set<String> properties(ToolEntry entry) {
        Set<String> names = new HashSet<>();
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
