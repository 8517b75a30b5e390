package dev.cairn.store.sqlite;

import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.LargeOutputs;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.SessionStore;
import dev.cairn.core.store.StoreException;
import dev.cairn.store.jdbc.Rows;
import dev.cairn.store.jdbc.SessionTransfers;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The session index. Creating a session also appends its {@code session.created} event, and
 * forking one its {@code session.forked} event, in one write; {@link SessionTransfers} restores
 * and deletes whole sessions.
 */
final class SqliteSessionStore implements SessionStore {

    static final String COLUMNS = "id, tenant_id, agent, agent_version, user_id, metadata_json, created_at, parent_id, fork_seq";
    static final String INSERT = "INSERT INTO sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT " + COLUMNS + " FROM sessions WHERE tenant_id = ? AND id = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM sessions WHERE tenant_id = ?"
            + " ORDER BY created_at DESC, rowid DESC LIMIT ?";
    private static final String LIST_OF_AGENT = "SELECT " + COLUMNS + " FROM sessions WHERE tenant_id = ? AND agent = ?"
            + " ORDER BY created_at DESC, rowid DESC LIMIT ?";
    private static final String ARCHIVABLE = "SELECT " + COLUMNS + " FROM ("
            + "SELECT s.*, (SELECT e.created_at FROM events e WHERE e.session_id = s.id ORDER BY e.seq DESC LIMIT 1)"
            + " AS last_event_at FROM sessions s WHERE s.tenant_id = ? AND s.agent = ? AND s.agent_version = ?) c"
            + " WHERE c.last_event_at < ?"
            + " AND NOT EXISTS (SELECT 1 FROM sessions f WHERE f.parent_id = c.id)"
            + " AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.session_id = c.id AND r.state IN (" + SessionTransfers.OPEN_STATES + "))"
            + " ORDER BY c.last_event_at, c.id LIMIT ?";

    private final GroupCommitWriter writer;
    private final ReadPool readers;
    private final ForkChains chains;

    SqliteSessionStore(GroupCommitWriter writer, ReadPool readers, ForkChains chains) {
        this.writer = writer;
        this.readers = readers;
        this.chains = chains;
    }

    @Override
    public void create(SessionRecord session) {
        Objects.requireNonNull(session, "session");
        if (session.forkedFrom() != null) {
            throw new InvalidRequestException("session '" + session.id() + "' is a fork; create it with fork()");
        }
        StoreException.join(writer.submit(transaction -> create(transaction, session)));
    }

    private static Event create(WriteTransaction transaction, SessionRecord session) throws SQLException {
        insertRow(transaction, session);
        Event created = new Event(session.id(), 1, null, transaction.now(), new EventPayload.SessionCreated(
                session.agent(), session.agentVersion(), session.userId(), session.metadata()));
        EventRows.insert(transaction, created);
        transaction.sessionHead(session.id(), new SessionHeads.Head(session.tenantId(), created.seq()));
        transaction.publish(List.of(created));
        return created;
    }

    /** Inserts the session's row, unless a session with its id exists. */
    static void insertRow(WriteTransaction transaction, SessionRecord session) throws SQLException {
        if (transaction.sessionHead(session.id()).isPresent()) {
            throw new ConflictException("session '" + session.id() + "' already exists");
        }
        SessionRecord.ForkPoint fork = session.forkedFrom();
        transaction.update(INSERT, session.id(), session.tenantId(), session.agent(), session.agentVersion(),
                session.userId(), Rows.jsonText(session.metadata()), Rows.millis(session.createdAt()),
                fork == null ? null : fork.sessionId(), fork == null ? null : fork.atSeq());
    }

    @Override
    public void fork(SessionRecord fork) {
        Objects.requireNonNull(fork, "fork");
        if (fork.forkedFrom() == null) {
            throw new InvalidRequestException("session '" + fork.id() + "' names no session to fork from");
        }
        StoreException.join(writer.submit(transaction -> fork(transaction, fork)));
    }

    private static Event fork(WriteTransaction transaction, SessionRecord fork) throws SQLException {
        SessionRecord.ForkPoint point = fork.forkedFrom();
        SessionHeads.Head parent = transaction.sessionHead(point.sessionId())
                .filter(head -> head.tenantId().equals(fork.tenantId()))
                .orElseThrow(() -> new NotFoundException("session", point.sessionId()));
        if (point.atSeq() > parent.lastSeq()) {
            throw new InvalidRequestException("at_seq " + point.atSeq() + " is past the last event of session '"
                    + point.sessionId() + "' (" + parent.lastSeq() + ")");
        }
        insertRow(transaction, fork);
        Event forked = new Event(fork.id(), point.atSeq() + 1, null, transaction.now(),
                new EventPayload.SessionForked(point.sessionId(), point.atSeq()));
        EventRows.insert(transaction, forked);
        transaction.sessionHead(fork.id(), new SessionHeads.Head(fork.tenantId(), forked.seq()));
        transaction.publish(List.of(forked));
        return forked;
    }

    @Override
    public Optional<SessionRecord> find(String tenantId, String sessionId) {
        return readers.first(FIND, SqliteSessionStore::decode, tenantId, sessionId);
    }

    @Override
    public List<SessionRecord> list(String tenantId, String agent, int limit) {
        checkLimit(limit);
        return agent == null
                ? readers.list(LIST, SqliteSessionStore::decode, tenantId, limit)
                : readers.list(LIST_OF_AGENT, SqliteSessionStore::decode, tenantId, agent, limit);
    }

    @Override
    public void restore(SessionRecord session, List<Event> events, List<LargeOutputs.Blob> blobs) {
        Objects.requireNonNull(session, "session");
        List<Event> log = List.copyOf(events);
        List<LargeOutputs.Blob> contents = List.copyOf(blobs);
        SessionTransfers.checkRestorable(session, log, contents);
        StoreException.join(writer.submit(transaction -> {
            insertRow(transaction, session);
            SessionTransfers.restoreLog(transaction, session, log, contents, event -> EventRows.insert(transaction, event));
            transaction.sessionHead(session.id(), new SessionHeads.Head(session.tenantId(), log.getLast().seq()));
            return null;
        }));
    }

    @Override
    public List<SessionRecord> archivable(String tenantId, String agent, int agentVersion, Instant idleBefore, int limit) {
        checkLimit(limit);
        return readers.list(ARCHIVABLE, SqliteSessionStore::decode, tenantId, agent, agentVersion,
                Rows.millis(idleBefore), limit);
    }

    @Override
    public void delete(String tenantId, String sessionId, long expectedLastSeq) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(sessionId, "sessionId");
        StoreException.join(writer.submit(transaction -> {
            SessionHeads.Head head = transaction.sessionHead(sessionId)
                    .filter(found -> found.tenantId().equals(tenantId))
                    .orElseThrow(() -> new NotFoundException("session", sessionId));
            SessionTransfers.deleteRows(transaction, sessionId, head.lastSeq(), expectedLastSeq);
            transaction.sessionRemoved(sessionId);
            return null;
        }));
        chains.forget(sessionId);
    }

    private static void checkLimit(int limit) {
        if (limit < 0) {
            throw new InvalidRequestException("limit cannot be negative, got " + limit);
        }
    }

    static SessionRecord decode(ResultSet row) throws SQLException {
        String parent = row.getString("parent_id");
        SessionRecord.ForkPoint fork = parent == null ? null : new SessionRecord.ForkPoint(parent, row.getLong("fork_seq"));
        return new SessionRecord(row.getString("id"), row.getString("tenant_id"), row.getString("agent"),
                row.getInt("agent_version"), row.getString("user_id"), Rows.json(row, "metadata_json"),
                Rows.instant(row, "created_at"), fork);
    }
}
