package dev.cairn.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.server.auth.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One API call: the request, the response, and who is calling. Reads parameters and bodies with
 * the checks every endpoint needs, and writes JSON answers.
 */
final class Call {

    private final ServerRequest request;
    private final ServerResponse response;
    private final Principal principal;
    private final long maxBodyBytes;

    Call(ServerRequest request, ServerResponse response, Principal principal, long maxBodyBytes) {
        this.request = request;
        this.response = response;
        this.principal = principal;
        this.maxBodyBytes = maxBodyBytes;
    }

    ServerRequest request() {
        return request;
    }

    ServerResponse response() {
        return response;
    }

    /** The caller; only public endpoints (health, readiness) are called without one. */
    Principal principal() {
        if (principal == null) {
            throw new IllegalStateException("this endpoint is public and has no principal");
        }
        return principal;
    }

    String tenantId() {
        return principal().tenantId();
    }

    /** A path parameter, as declared in the route ({@code {id}}). */
    String path(String name) {
        return request.path().pathParameters().get(name);
    }

    Optional<String> query(String name) {
        return request.query().first(name).asOptional();
    }

    /**
     * A whole-number query parameter within bounds.
     *
     * @throws HttpProblem 400 naming the parameter when it is not a number or out of bounds
     */
    long queryLong(String name, long fallback, long min, long max) {
        Optional<String> text = query(name);
        if (text.isEmpty() || text.get().isBlank()) {
            return fallback;
        }
        return bounded("query parameter '" + name + "'", text.get().strip(), min, max);
    }

    static long bounded(String what, String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest(what + " must be a whole number, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw HttpProblem.badRequest(what + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    RequestBody body() {
        return RequestBody.read(request, maxBodyBytes);
    }

    /** The body as a JSON object with only the {@code known} fields; an empty body has none. */
    JsonFields json(String... known) {
        ObjectNode object = body().jsonObject();
        return JsonFields.of(object, known);
    }

    void reply(int status, JsonNode body) {
        send(response, status, body);
    }

    /** Answers {@code 204 No Content}. */
    void replyNoContent() {
        response.status(204);
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send();
    }

    /** The names of the query parameters the caller sent. */
    java.util.Set<String> queryNames() {
        return request.query().names();
    }

    static void send(ServerResponse response, int status, JsonNode body) {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(bytes);
    }
}
