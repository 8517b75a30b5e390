package dev.cairn.server.http;

import dev.cairn.core.store.Role;
import dev.cairn.server.auth.Principal;
import dev.cairn.server.auth.UnauthorizedException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the API's endpoints with the role each needs, then registers them on a Helidon routing
 * with what Helidon leaves out: a JSON 405 (with {@code Allow}) for a known path asked with the wrong
 * method, a JSON 404 for an unknown path, and every failure answered through {@link ApiErrors}.
 */
final class ApiRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

    private record Route(Role role, Endpoint endpoint) {
    }

    private final Map<String, Map<Method, Route>> routes = new LinkedHashMap<>();
    private final long maxBodyBytes;

    ApiRouter(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Adds an endpoint; {@code role} null makes it public (no key needed). */
    ApiRouter add(Method method, String path, Role role, Endpoint endpoint) {
        Route previous = routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, new Route(role, endpoint));
        if (previous != null) {
            throw new IllegalStateException(method.text() + " " + path + " is registered twice");
        }
        return this;
    }

    ApiRouter get(String path, Role role, Endpoint endpoint) {
        return add(Method.GET, path, role, endpoint);
    }

    ApiRouter post(String path, Role role, Endpoint endpoint) {
        return add(Method.POST, path, role, endpoint);
    }

    ApiRouter put(String path, Role role, Endpoint endpoint) {
        return add(Method.PUT, path, role, endpoint);
    }

    ApiRouter patch(String path, Role role, Endpoint endpoint) {
        return add(Method.PATCH, path, role, endpoint);
    }

    ApiRouter delete(String path, Role role, Endpoint endpoint) {
        return add(Method.DELETE, path, role, endpoint);
    }

    void registerInto(HttpRouting.Builder routing) {
        routes.forEach((path, methods) -> {
            methods.forEach((method, route) -> routing.route(method, path, handler(route)));
            String allowed = String.join(", ", methods.keySet().stream().map(Method::text).toList());
            routing.any(path, (request, response) -> {
                response.header(HeaderNames.ALLOW, allowed);
                fail(response, new HttpProblem(405, "method_not_allowed", request.prologue().method().text() + " is not allowed on "
                        + path + " (allowed: " + allowed + ")"));
            });
        });
        routing.any((request, response) -> fail(response, new HttpProblem(404, "not_found", "no endpoint "
                + request.prologue().method().text() + " " + request.path().path())));
    }

    private Handler handler(Route route) {
        return (request, response) -> {
            try {
                Principal principal = request.context().get(Principal.class).orElse(null);
                if (route.role() != null) {
                    if (principal == null) {
                        throw new UnauthorizedException("an API key is required: send 'Authorization: Bearer KEY'");
                    }
                    principal.require(route.role(), request.prologue().method().text() + " "
                            + request.matchingPattern().orElse(request.path().path()));
                }
                route.endpoint().handle(new Call(request, response, principal, maxBodyBytes));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(response, new HttpProblem(503, "unavailable", "the server is shutting down"));
            } catch (Exception e) {
                fail(response, e);
            }
        };
    }

    static void fail(ServerResponse response, Throwable failure) {
        ApiErrors.Failure error = ApiErrors.of(failure);
        if (response.isSent()) {
            LOG.debug("could not answer {} after the response was sent", error.type(), failure);
            return;
        }
        if (error.status() == 401) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"");
        }
        Call.send(response, error.status(), error.body());
    }
}
