package dev.cairn.store.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.ChangeFeed;
import dev.cairn.core.store.SessionChange;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The {@link ChangeFeed} of a store on PostgreSQL, over {@code LISTEN/NOTIFY}.
 *
 * <p><b>Announcing.</b> Every write that stores events calls {@link #announce} inside its
 * transaction, which queues one {@code pg_notify} per session: the server delivers it when (and
 * only if) the transaction commits, so a node never hears of a change before it can read it. The
 * payload is small JSON (this node's id, tenant, session, first and last sequence, whether the
 * batch schedules work), never event contents.
 *
 * <p><b>Listening.</b> Once a listener subscribes, one platform thread holds a connection of its
 * own, outside the pool (a pooled connection is handed to others between uses and would lose its
 * {@code LISTEN}), and waits for notifications. When the connection fails (the server restarted,
 * the network dropped it, a check every few idle seconds finds it dead) the thread reconnects with
 * a growing pause, up to {@link #MAX_BACKOFF}, and after every successful {@code LISTEN} calls the
 * listeners' {@code resync}, since whatever was committed meanwhile was announced to nobody.
 * Notifications of this node's own writes are dropped: its listeners heard them on commit.
 * Thread-safe; {@link #close} stops the thread and closes its connection.
 */
final class PostgresChangeFeed implements ChangeFeed, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresChangeFeed.class.getName());
    static final String CHANNEL = "cairn_changes";
    static final String APPLICATION_NAME = "cairn-change-feed";
    private static final int WAIT_MILLIS = 500;
    private static final Duration CHECK_IDLE = Duration.ofSeconds(5);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final PostgresStoreOptions options;
    private final String nodeId = UUID.randomUUID().toString();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile Thread thread;

    PostgresChangeFeed(PostgresStoreOptions options) {
        this.options = options;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public synchronized void subscribe(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        if (thread == null && !closed) {
            thread = Thread.ofPlatform().daemon().name("postgres-change-feed").start(this::listen);
        }
    }

    /** Queues a notification of each change in the transaction; PostgreSQL sends them on commit. */
    void announce(Transaction transaction, List<SessionChange> changes) throws SQLException {
        for (SessionChange change : changes) {
            transaction.first("SELECT pg_notify(?, ?)", row -> 1, CHANNEL, payload(nodeId, change));
        }
    }

    static String payload(String nodeId, SessionChange change) {
        return Json.object().put("node", nodeId).put("tenant", change.tenantId()).put("session", change.sessionId())
                .put("from", change.fromSeq()).put("to", change.toSeq()).put("schedules", change.schedules()).toString();
    }

    private void listen() {
        Duration backoff = FIRST_BACKOFF;
        int failures = 0;
        while (!closed) {
            try (Connection listening = connect()) {
                if (failures > 0) {
                    LOG.log(System.Logger.Level.INFO, "listening for other nodes' changes again after " + failures
                            + " failed attempt(s)");
                }
                failures = 0;
                backoff = FIRST_BACKOFF;
                resyncListeners();
                receive(listening);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (failures++ == 0) {
                    LOG.log(System.Logger.Level.WARNING, "the connection listening for other nodes' changes failed ("
                            + e.getMessage() + "); reconnecting until it works");
                }
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", options.user());
        if (options.password() != null) {
            properties.setProperty("password", options.password());
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, options.connectTimeout().toSeconds())));
        properties.setProperty("tcpKeepAlive", "true");
        Connection listening = DriverManager.getConnection(options.jdbcUrl(), properties);
        try (Statement statement = listening.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            listening.close();
            throw e;
        }
        return listening;
    }

    /** Hands each notification to the listeners until the connection fails or the feed closes. */
    private void receive(Connection listening) throws SQLException {
        PGConnection postgres = listening.unwrap(PGConnection.class);
        long idleSince = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
            if (notifications == null || notifications.length == 0) {
                if (System.nanoTime() - idleSince > CHECK_IDLE.toNanos()) {
                    if (!listening.isValid((int) CHECK_IDLE.toSeconds())) {
                        throw new SQLException("the connection no longer answers");
                    }
                    idleSince = System.nanoTime();
                }
                continue;
            }
            idleSince = System.nanoTime();
            deliver(merged(notifications));
        }
    }

    private void resyncListeners() {
        for (Listener listener : listeners) {
            try {
                listener.resync();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "change listener " + listener + " failed to resync", e);
            }
        }
    }

    /**
     * The changes the notifications announce, other nodes' only, one per session: the commits of
     * one session that arrived together become one change over all their sequence numbers, so a
     * listener reads them with one query.
     */
    private Collection<SessionChange> merged(PGNotification[] notifications) {
        Map<String, SessionChange> bySession = new LinkedHashMap<>();
        for (PGNotification notification : notifications) {
            SessionChange change = parse(notification.getParameter());
            if (change != null) {
                bySession.merge(change.sessionId(), change, (earlier, later) -> new SessionChange(earlier.tenantId(),
                        earlier.sessionId(), Math.min(earlier.fromSeq(), later.fromSeq()),
                        Math.max(earlier.toSeq(), later.toSeq()), earlier.schedules() || later.schedules()));
            }
        }
        return bySession.values();
    }

    /** The change a payload announces, or null when it is this node's own or does not parse. */
    private SessionChange parse(String payload) {
        try {
            JsonNode node = Json.parse(payload);
            if (nodeId.equals(node.path("node").asText())) {
                return null;
            }
            return new SessionChange(node.path("tenant").asText(), node.path("session").asText(),
                    node.path("from").asLong(), node.path("to").asLong(), node.path("schedules").asBoolean());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a change notification that does not parse: " + payload, e);
            return null;
        }
    }

    private void deliver(Collection<SessionChange> changes) {
        for (SessionChange change : changes) {
            for (Listener listener : listeners) {
                try {
                    listener.changed(change);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "change listener " + listener + " failed", e);
                }
            }
        }
    }

    /** Stops listening: the thread closes its connection and ends within half a second. */
    @Override
    public void close() {
        closed = true;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }
}
