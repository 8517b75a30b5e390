package dev.cairn.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a Cairn server is configured with, as read from {@code cairn.yaml} and the
 * environment. Immutable. Built and checked by {@link ConfigLoader}.
 *
 * @param host      address to listen on (default 127.0.0.1)
 * @param port      port to listen on (default 8080; 0 picks a free one)
 * @param dataDir   folder for the database and workspaces (default ./cairn-data)
 * @param store     {@code sqlite:PATH} (default: sqlite in the data folder)
 * @param adminKey  the admin API key to accept from the first start, or null to generate one
 * @param providers model providers; {@code scripted} always exists
 * @param routes    route name to targets; {@code scripted} always exists, {@code default} falls back to it
 * @param retry     how model calls are retried
 * @param lease     how long a session's lease lasts without a heartbeat (default 10s): the time
 *                  after which another worker resumes the runs of a worker that died
 * @param collections document collections that mirror server folders, by name (see {@link CollectionConfig})
 */
public record CairnConfig(String host, int port, Path dataDir, String store, String adminKey,
                          List<ProviderConfig> providers, Map<String, RouteConfig> routes, RetryConfig retry,
                          java.time.Duration lease, Map<String, CollectionConfig> collections) {

    public CairnConfig {
        providers = List.copyOf(providers);
        routes = Map.copyOf(routes);
        collections = collections == null ? Map.of() : Map.copyOf(collections);
    }

    /** A configuration without document collections. */
    public CairnConfig(String host, int port, Path dataDir, String store, String adminKey,
                       List<ProviderConfig> providers, Map<String, RouteConfig> routes, RetryConfig retry,
                       java.time.Duration lease) {
        this(host, port, dataDir, store, adminKey, providers, routes, retry, lease, Map.of());
    }

    /** The SQLite database file the store names. */
    public Path sqliteFile() {
        if (!store.startsWith("sqlite:")) {
            throw new ConfigException("store '" + store + "' is not supported; use sqlite:PATH");
        }
        return Path.of(store.substring("sqlite:".length()));
    }

    /** Model-call retries: attempts and backoff bounds. */
    public record RetryConfig(Integer maxAttempts, String initialBackoff, String maxBackoff) {
    }
}
