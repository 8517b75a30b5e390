package dev.cairn.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.secret.MissingSecretException;
import dev.cairn.core.secret.SecretResolver;
import dev.cairn.core.secret.SecretUnreadableException;
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
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * One declared HTTP tool. A call fills the URL template, checks the host against the tenant's
 * {@link EgressAllowlist} (refusing before any connection), resolves the secrets it names with the
 * session's tenant, sends the request without following redirects, and tells the model the mapped
 * response or the status with an excerpt, with every secret value it sent replaced by its name.
 * Thread-safe.
 */
final class HttpTool implements Tool {

    /** The most of an error response's body the model is shown. */
    static final int ERROR_EXCERPT_BYTES = 1024;

    record Declaration(String name, String description, JsonNode inputSchema, String method, String url,
                       HttpHeaders headers, HttpAuth auth, BodyTemplate body, ResponseMapping response,
                       Duration timeout, boolean idempotent) {

        boolean sendsBody() {
            return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        }
    }

    private final HttpClient client;
    private final EgressAllowlist egress;
    private final SecretResolver secrets;
    private final Declaration declaration;
    private final ToolDefinition definition;

    HttpTool(HttpClient client, EgressAllowlist egress, SecretResolver secrets, Declaration declaration) {
        this.client = client;
        this.egress = egress;
        this.secrets = secrets;
        this.declaration = declaration;
        this.definition = new ToolDefinition(declaration.name(), declaration.description(), declaration.inputSchema());
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public boolean reachesOutside() {
        return true;
    }

    @Override
    public boolean idempotent() {
        return declaration.idempotent();
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) throws InterruptedException {
        ObjectNode rest = invocation.arguments().deepCopy();
        URI uri = uri(rest);
        if (!declaration.sendsBody() && !rest.isEmpty()) {
            uri = withQuery(uri, rest);
        }
        Optional<String> refused = egress.refusal(invocation.tenantId(), uri);
        if (refused.isPresent()) {
            return ToolOutcome.failure(refused.get());
        }
        String body = !declaration.sendsBody() ? null
                : declaration.body() == null ? rest.toString() : declaration.body().render(invocation.arguments()).toString();
        SentSecrets sent = new SentSecrets();
        HttpRequest request;
        try {
            request = request(uri, body, invocation, sent);
        } catch (MissingSecretException | SecretUnreadableException e) {
            return ToolOutcome.failure("not sent: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // the client's message may quote the value; say only what is wrong
            return ToolOutcome.failure("not sent: a header value holds characters an HTTP header cannot carry");
        }
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            return redacted(answer(uri, response), sent);
        } catch (HttpTimeoutException e) {
            return ToolOutcome.failure("no answer from " + uri.getHost() + " within " + declaration.timeout().toSeconds() + "s");
        } catch (IOException e) {
            return ToolOutcome.failure("could not reach " + uri.getHost() + ": " + e.getClass().getSimpleName());
        }
    }

    private HttpRequest request(URI uri, String body, ToolInvocation invocation, SentSecrets sent) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(declaration.timeout())
                .header("User-Agent", "cairn")
                .method(declaration.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (invocation.idempotencyKey() != null) {
            request.header("Idempotency-Key", invocation.idempotencyKey());
        }
        for (String name : declaration.headers().secrets()) {
            sent.add(name, secrets.resolve(invocation.tenantId(), name));
        }
        HttpAuth auth = declaration.auth();
        if (!(auth instanceof HttpAuth.None)) {
            String value = secrets.resolve(invocation.tenantId(), auth.secret());
            String header = auth.headerValue(value);
            sent.add(auth.secret(), value, header, header.substring(header.indexOf(' ') + 1));
            request.header(auth.headerName(), header);
        }
        declaration.headers().resolved(sent.values()).forEach(request::header);
        return request.build();
    }

    private ToolOutcome answer(URI uri, HttpResponse<InputStream> response) throws IOException {
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status / 100 == 2) {
                return declaration.response().apply(body);
            }
            String excerpt = ResponseMapping.excerpt(body.readNBytes(ERROR_EXCERPT_BYTES + 1), ERROR_EXCERPT_BYTES);
            if (status / 100 == 3) {
                String location = response.headers().firstValue("Location").map(value -> " to " + value).orElse("");
                return ToolOutcome.failure("HTTP " + status + " from " + uri.getHost() + ": a redirect" + location
                        + ", which is not followed");
            }
            return ToolOutcome.failure("HTTP " + status + " from " + uri.getHost() + (excerpt.isBlank() ? "" : ": " + excerpt));
        }
    }

    private static ToolOutcome redacted(ToolOutcome outcome, SentSecrets sent) {
        return switch (outcome) {
            case ToolOutcome.Success success -> new ToolOutcome.Success(sent.redact(success.output()), success.effects());
            case ToolOutcome.Failure failure -> new ToolOutcome.Failure(sent.redact(failure.error()), failure.effects());
        };
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
        try {
            return new URI(url.toString());
        } catch (java.net.URISyntaxException e) {
            throw new ToolInputException("the URL is not valid once the arguments are filled in: " + e.getReason());
        }
    }

    private static URI withQuery(URI uri, ObjectNode arguments) {
        StringBuilder query = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        for (Map.Entry<String, JsonNode> field : arguments.properties()) {
            if (!query.isEmpty()) {
                query.append('&');
            }
            String value = field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString();
            query.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        String base = uri.toString();
        int question = base.indexOf('?');
        return URI.create((question < 0 ? base : base.substring(0, question)) + "?" + query);
    }
}
