package dev.cairn.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;

/** One declared HTTP tool. Thread-safe. */
final class HttpTool implements Tool {

    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    record Declaration(String name, String description, JsonNode inputSchema, String method, String url,
                       Map<String, String> headers, Duration timeout, boolean idempotent) {
    }

    private final HttpClient client;
    private final Declaration declaration;
    private final ToolDefinition definition;

    HttpTool(HttpClient client, Declaration declaration) {
        this.client = client;
        this.declaration = declaration;
        this.definition = new ToolDefinition(declaration.name(), declaration.description(), declaration.inputSchema());
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public boolean idempotent() {
        return declaration.idempotent();
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) throws InterruptedException {
        ObjectNode rest = invocation.arguments().deepCopy();
        URI uri = uri(rest);
        boolean hasBody = declaration.method().equals("POST") || declaration.method().equals("PUT")
                || declaration.method().equals("PATCH");
        if (!hasBody && !rest.isEmpty()) {
            uri = withQuery(uri, rest);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(declaration.timeout())
                .header("User-Agent", "cairn")
                .method(declaration.method(), hasBody ? HttpRequest.BodyPublishers.ofString(rest.toString())
                        : HttpRequest.BodyPublishers.noBody());
        if (hasBody) {
            request.header("Content-Type", "application/json");
        }
        if (invocation.idempotencyKey() != null) {
            request.header("Idempotency-Key", invocation.idempotencyKey());
        }
        declaration.headers().forEach(request::header);
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String body = read(response.body());
            if (response.statusCode() / 100 == 2) {
                return ToolOutcome.success(body);
            }
            return ToolOutcome.failure("HTTP " + response.statusCode() + (body.isEmpty() ? "" : ": " + body));
        } catch (HttpTimeoutException e) {
            return ToolOutcome.failure("no answer from " + uri.getHost() + " within " + declaration.timeout().toSeconds() + "s");
        } catch (IOException e) {
            return ToolOutcome.failure("could not reach " + uri.getHost() + ": " + e.getClass().getSimpleName());
        }
    }

    private URI uri(ObjectNode arguments) {
        Matcher placeholders = HttpToolKind.PLACEHOLDER.matcher(declaration.url());
        StringBuilder url = new StringBuilder();
        while (placeholders.find()) {
            JsonNode value = arguments.remove(placeholders.group(1));
            if (value == null || value.isNull() || value.isContainerNode()) {
                throw new ToolInputException("argument '" + placeholders.group(1) + "' is required (it is part of the URL)");
            }
            placeholders.appendReplacement(url, Matcher.quoteReplacement(
                    URLEncoder.encode(value.asText(), StandardCharsets.UTF_8).replace("+", "%20")));
        }
        placeholders.appendTail(url);
        return URI.create(url.toString());
    }

    private static URI withQuery(URI uri, ObjectNode arguments) {
        StringBuilder query = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        arguments.fields().forEachRemaining(field -> {
            if (!query.isEmpty()) {
                query.append('&');
            }
            String value = field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString();
            query.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        String base = uri.toString();
        int question = base.indexOf('?');
        return URI.create((question < 0 ? base : base.substring(0, question)) + "?" + query);
    }

    private static String read(InputStream body) throws IOException {
        try (body) {
            byte[] bytes = body.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (bytes.length > MAX_RESPONSE_BYTES) {
                return new String(bytes, 0, MAX_RESPONSE_BYTES, StandardCharsets.UTF_8)
                        + "\n... (response cut at " + MAX_RESPONSE_BYTES + " bytes)";
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
