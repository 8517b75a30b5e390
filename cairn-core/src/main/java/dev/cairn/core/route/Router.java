package dev.cairn.core.route;

import dev.cairn.core.model.ChatProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configured providers and routes. Immutable and thread-safe.
 */
public final class Router {

    private final Map<String, ChatProvider> providers;
    private final Map<String, Route> routes;

    private Router(Map<String, ChatProvider> providers, Map<String, Route> routes) {
        this.providers = Map.copyOf(providers);
        this.routes = Map.copyOf(routes);
    }

    /**
     * @throws IllegalArgumentException when a route names a provider that is not configured
     */
    public static Router of(List<ChatProvider> providers, List<Route> routes) {
        Map<String, ChatProvider> byName = new LinkedHashMap<>();
        for (ChatProvider provider : providers) {
            if (byName.put(provider.name(), provider) != null) {
                throw new IllegalArgumentException("provider '" + provider.name() + "' is configured twice");
            }
        }
        Map<String, Route> routesByName = new LinkedHashMap<>();
        for (Route route : routes) {
            for (RouteTarget target : route.targets()) {
                if (!byName.containsKey(target.provider())) {
                    throw new IllegalArgumentException("route '" + route.name() + "' names provider '" + target.provider()
                            + "' which is not configured (configured: " + String.join(", ", byName.keySet()) + ")");
                }
            }
            if (routesByName.put(route.name(), route) != null) {
                throw new IllegalArgumentException("route '" + route.name() + "' is configured twice");
            }
        }
        return new Router(byName, routesByName);
    }

    public Set<String> routeNames() {
        return routes.keySet();
    }

    /** @throws IllegalArgumentException when no route has that name */
    public Route route(String name) {
        Route route = routes.get(name);
        if (route == null) {
            throw new IllegalArgumentException("route '" + name + "' is not configured");
        }
        return route;
    }

    public ChatProvider provider(String name) {
        ChatProvider provider = providers.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("provider '" + name + "' is not configured");
        }
        return provider;
    }
}
