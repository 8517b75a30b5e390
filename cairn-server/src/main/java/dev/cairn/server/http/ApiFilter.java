package dev.cairn.server.http;

import dev.cairn.core.CairnException;
import dev.cairn.server.auth.ApiKeys;
import dev.cairn.server.auth.Principal;
import dev.cairn.server.auth.UnauthorizedException;
import dev.cairn.server.openai.OpenAiApi;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every endpoint: authenticates the bearer key (except on the public paths) and
 * counts the answer by method and status for {@code /metrics}.
 */
final class ApiFilter implements Filter {

    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final ApiMetrics metrics;
    private final Set<String> publicPaths;

    ApiFilter(ApiKeys keys, ApiMetrics metrics, Set<String> publicPaths) {
        this.keys = keys;
        this.metrics = metrics;
        this.publicPaths = Set.copyOf(publicPaths);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        try {
            if (!publicPaths.contains(request.path().path())) {
                Principal principal = keys.authenticate(bearerKey(request));
                request.context().register(principal);
            }
            chain.proceed();
        } catch (CairnException e) {
            if (OpenAiApi.covers(request.path().path())) {
                OpenAiApi.fail(response, e);
            } else {
                ApiRouter.fail(response, e);
            }
        } finally {
            metrics.request(request.prologue().method().text(), response.status().code());
        }
    }

    private static String bearerKey(RoutingRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get().strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            throw new UnauthorizedException("the Authorization header must read 'Bearer KEY'");
        }
        return value.substring(BEARER.length()).strip();
    }
}
