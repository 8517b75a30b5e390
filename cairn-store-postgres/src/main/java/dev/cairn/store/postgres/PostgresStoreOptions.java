package dev.cairn.store.postgres;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.agent.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link PostgresStore} connects and how many connections it keeps. Immutable; bad values
 * fail at construction with a message naming the setting. {@link #toString} never shows the
 * password.
 *
 * @param jdbcUrl           {@code jdbc:postgresql://HOST:PORT/DATABASE?...}
 * @param user              the role to connect as, or null for the driver's default
 * @param password          its password, or null (trust or peer authentication, or a password in the URL)
 * @param poolSize          connections this node keeps at most ({@code pool-size})
 * @param connectTimeout    how long a caller waits for a free connection, and the first start for the
 *                          database to answer ({@code connect-timeout})
 * @param idleInTransaction how long the server lets a connection of this store sit idle inside a
 *                          transaction before it ends it ({@code idle-in-transaction}): a paused or
 *                          cut-off node then releases the rows it locked
 */
public record PostgresStoreOptions(String jdbcUrl, String user, String password, int poolSize, Duration connectTimeout,
                                   Duration idleInTransaction) {

    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    private static final int DEFAULT_POOL_SIZE = 10;
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_IDLE_IN_TRANSACTION = Duration.ofSeconds(30);

    public PostgresStoreOptions {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith(JDBC_PREFIX + "//")) {
            throw new InvalidRequestException("a PostgreSQL store URL must start with jdbc:postgresql://, got '"
                    + redacted(jdbcUrl) + "'");
        }
        if (poolSize < 1) {
            throw new InvalidRequestException("pool-size must be at least 1, got " + poolSize);
        }
        Objects.requireNonNull(connectTimeout, "connect-timeout");
        if (connectTimeout.toMillis() < 250) {
            throw new InvalidRequestException("connect-timeout must be at least 250 ms, got " + connectTimeout);
        }
        Objects.requireNonNull(idleInTransaction, "idle-in-transaction");
        if (idleInTransaction.toMillis() < 1000) {
            throw new InvalidRequestException("idle-in-transaction must be at least 1 s, got " + idleInTransaction);
        }
    }

    /** A JDBC URL with default pool size (10), connect timeout (10 s) and idle-in-transaction limit (30 s). */
    public static PostgresStoreOptions of(String jdbcUrl, String user, String password) {
        return new PostgresStoreOptions(jdbcUrl, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_IDLE_IN_TRANSACTION);
    }

    /**
     * Reads a store URL as {@code cairn.yaml} names it: {@code postgres://USER:PASSWORD@HOST:PORT/DATABASE?PARAMS},
     * {@code postgresql://...}, or {@code jdbc:postgresql://...}. Parameters {@code pool-size},
     * {@code connect-timeout} and {@code idle-in-transaction} (durations like {@code 5s}) are the
     * store's; the others go to the driver (for example {@code currentSchema}, {@code sslmode}).
     *
     * @throws InvalidRequestException naming what is wrong; the message never holds the password
     */
    public static PostgresStoreOptions parse(String url) {
        Objects.requireNonNull(url, "url");
        String rest;
        if (url.startsWith(JDBC_PREFIX)) {
            rest = url.substring(JDBC_PREFIX.length());
        } else if (url.startsWith("postgres:") || url.startsWith("postgresql:")) {
            rest = url.substring(url.indexOf(':') + 1);
        } else {
            throw new InvalidRequestException("store '" + redacted(url)
                    + "' is not a PostgreSQL URL; use postgres://USER@HOST:PORT/DATABASE");
        }
        URI uri;
        try {
            uri = new URI("postgresql:" + rest);
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("store URL '" + redacted(url) + "' does not parse: " + e.getReason());
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidRequestException("store URL '" + redacted(url) + "' names no host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw new InvalidRequestException("store URL '" + redacted(url) + "' names no database (postgres://HOST:PORT/DATABASE)");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length == 2 ? decode(parts[1]) : null;
        }
        int poolSize = DEFAULT_POOL_SIZE;
        Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        Duration idleInTransaction = DEFAULT_IDLE_IN_TRANSACTION;
        StringBuilder driverParameters = new StringBuilder();
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                String name = decode(parameter.split("=", 2)[0]);
                String value = parameter.contains("=") ? decode(parameter.split("=", 2)[1]) : "";
                switch (name) {
                    case "pool-size", "pool_size" -> poolSize = poolSize(value);
                    case "connect-timeout", "connect_timeout" -> connectTimeout = duration("connect-timeout", value);
                    case "idle-in-transaction", "idle_in_transaction" -> idleInTransaction = duration("idle-in-transaction", value);
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> driverParameters.append(driverParameters.isEmpty() ? "?" : "&").append(parameter);
                }
            }
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String jdbcUrl = JDBC_PREFIX + "//" + uri.getHost() + ":" + port + path + driverParameters;
        return new PostgresStoreOptions(jdbcUrl, user, password, poolSize, connectTimeout, idleInTransaction);
    }

    public PostgresStoreOptions withPoolSize(int poolSize) {
        return new PostgresStoreOptions(jdbcUrl, user, password, poolSize, connectTimeout, idleInTransaction);
    }

    public PostgresStoreOptions withConnectTimeout(Duration connectTimeout) {
        return new PostgresStoreOptions(jdbcUrl, user, password, poolSize, connectTimeout, idleInTransaction);
    }

    public PostgresStoreOptions withIdleInTransaction(Duration idleInTransaction) {
        return new PostgresStoreOptions(jdbcUrl, user, password, poolSize, connectTimeout, idleInTransaction);
    }

    /** {@code HOST:PORT} of the server, for messages. */
    public String hostAndPort() {
        URI uri = URI.create("postgresql:" + jdbcUrl.substring(JDBC_PREFIX.length()).split("\\?", 2)[0]);
        return uri.getHost() + ":" + (uri.getPort() == -1 ? 5432 : uri.getPort());
    }

    /** The database name, for messages. */
    public String database() {
        String path = URI.create("postgresql:" + jdbcUrl.substring(JDBC_PREFIX.length()).split("\\?", 2)[0]).getPath();
        return path.substring(1);
    }

    @Override
    public String toString() {
        return "PostgresStoreOptions[" + redacted(jdbcUrl) + ", user " + user + (password == null ? "" : ", password ***")
                + ", pool-size " + poolSize + ", connect-timeout " + connectTimeout + ", idle-in-transaction "
                + idleInTransaction + "]";
    }

    /** The URL with any password in it (user info or parameter) replaced by {@code ***}. */
    static String redacted(String url) {
        return url.replaceAll("(//[^/@:?]*):[^/@]*@", "$1:***@")
                .replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    private static int poolSize(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("pool-size must be a whole number, got '" + value + "'");
        }
    }

    private static Duration duration(String name, String value) {
        try {
            return Durations.parse(name, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
