package dev.cairn.store.postgres;

import dev.cairn.core.event.Event;
import dev.cairn.core.store.SessionChange;
import dev.cairn.store.jdbc.Rows;
import dev.cairn.store.jdbc.SqlTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One write's transaction (READ COMMITTED) on a pooled connection: its statements, the store's
 * clock, and the events it stored, which listeners receive once it commits. Confined to the
 * thread running the write.
 */
final class Transaction implements SqlTransaction {

    /** A session's tenant and last sequence number (0 before its first event). */
    record Head(String tenantId, long lastSeq) {
    }

    private static final String LOCK_SESSION = "SELECT tenant_id FROM sessions WHERE id = ? FOR NO KEY UPDATE";
    private static final String LAST_SEQ = "SELECT coalesce(max(seq), 0) FROM events WHERE session_id = ?";

    private final Connection connection;
    private final Clock clock;
    private final List<Event> stored = new ArrayList<>();
    private final List<SessionChange> changes = new ArrayList<>();

    Transaction(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** Runs one statement; answers the number of rows it changed. */
    @Override
    public int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return Rows.bind(statement, parameters).executeUpdate();
        }
    }

    @Override
    public <T> List<T> list(String sql, Rows.RowMapper<T> mapper, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return Rows.list(Rows.bind(statement, parameters), mapper);
        }
    }

    @Override
    public <T> Optional<T> first(String sql, Rows.RowMapper<T> mapper, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return Rows.first(Rows.bind(statement, parameters), mapper);
        }
    }

    Connection connection() {
        return connection;
    }

    /** The store clock's time, to the millisecond (the precision times are stored with). */
    @Override
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Locks the session's row until this transaction ends, then reads its tenant and last
     * sequence number: every append, fork and delete of one session passes here, so they take
     * turns, while other sessions' writes go on. Empty when the session does not exist.
     */
    Optional<Head> lockSession(String sessionId) throws SQLException {
        Optional<String> tenantId = first(LOCK_SESSION, row -> row.getString(1), sessionId);
        if (tenantId.isEmpty()) {
            return Optional.empty();
        }
        long lastSeq = first(LAST_SEQ, row -> row.getLong(1), sessionId).orElse(0L);
        return Optional.of(new Head(tenantId.get(), lastSeq));
    }

    /**
     * Hands a batch of one session's events to the listeners, if and when this transaction
     * commits, and announces it to the other nodes in the same commit.
     */
    void publish(String tenantId, List<Event> events) {
        stored.addAll(events);
        changes.add(SessionChange.of(tenantId, events));
    }

    /** The changes to announce before this transaction commits. */
    List<SessionChange> changes() {
        return List.copyOf(changes);
    }

    List<Event> published() {
        return List.copyOf(stored);
    }
}
