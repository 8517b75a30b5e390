package dev.cairn.store.sqlite;

import dev.cairn.core.event.Event;
import dev.cairn.store.jdbc.Rows;
import dev.cairn.store.jdbc.SqlTransaction;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link WriteTask} may use: the write connection's statements (inside the task's savepoint), the
 * store's clock, the session-head cache and a place to put the events it stored, which the
 * listeners receive once the group commits. One per task; confined to the writer thread.
 */
final class WriteTransaction implements SqlTransaction {

    private static final String LOAD_HEAD = """
            SELECT s.tenant_id, (SELECT max(e.seq) FROM events e WHERE e.session_id = s.id)
            FROM sessions s WHERE s.id = ?""";

    private final KeptStatements statements;
    private final Clock clock;
    private final SessionHeads heads;
    private final List<Event> stored = new ArrayList<>();

    WriteTransaction(KeptStatements statements, Clock clock, SessionHeads heads) {
        this.statements = statements;
        this.clock = clock;
        this.heads = heads;
    }

    /** Runs one statement; answers the number of rows it changed. */
    @Override
    public int update(String sql, Object... parameters) throws SQLException {
        return statements.with(sql, statement -> Rows.bind(statement, parameters).executeUpdate());
    }

    @Override
    public <T> List<T> list(String sql, Rows.RowMapper<T> mapper, Object... parameters) throws SQLException {
        return statements.with(sql, statement -> Rows.list(Rows.bind(statement, parameters), mapper));
    }

    @Override
    public <T> Optional<T> first(String sql, Rows.RowMapper<T> mapper, Object... parameters) throws SQLException {
        return statements.with(sql, statement -> Rows.first(Rows.bind(statement, parameters), mapper));
    }

    /** The store clock's time, to the millisecond (the precision times are stored with). */
    @Override
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The session's tenant and last sequence number, or empty when the session does not exist. */
    Optional<SessionHeads.Head> sessionHead(String sessionId) throws SQLException {
        return heads.find(sessionId, this::loadHead);
    }

    void sessionHead(String sessionId, SessionHeads.Head head) {
        heads.put(sessionId, head);
    }

    /** Forgets the head of a session this write deleted. */
    void sessionRemoved(String sessionId) {
        heads.remove(sessionId);
    }

    /** Hands events to the listeners, if and when this task's group commits. */
    void publish(List<Event> events) {
        stored.addAll(events);
    }

    List<Event> published() {
        return List.copyOf(stored);
    }

    private Optional<SessionHeads.Head> loadHead(String sessionId) throws SQLException {
        return first(LOAD_HEAD, row -> new SessionHeads.Head(row.getString(1), row.getLong(2)), sessionId);
    }
}
