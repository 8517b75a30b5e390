package dev.cairn.store.sqlite;

import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.SessionStore;
import dev.cairn.core.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The session index. Creating a session also appends its {@code session.created} event, in one write. */
final class SqliteSessionStore implements SessionStore {

    private static final String COLUMNS = "id, tenant_id, agent, agent_version, user_id, metadata_json, created_at";
    private static final String INSERT = "INSERT INTO sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT " + COLUMNS + " FROM sessions WHERE tenant_id = ? AND id = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM sessions WHERE tenant_id = ?"
            + " ORDER BY created_at DESC, rowid DESC LIMIT ?";
    private static final String LIST_OF_AGENT = "SELECT " + COLUMNS + " FROM sessions WHERE tenant_id = ? AND agent = ?"
            + " ORDER BY created_at DESC, rowid DESC LIMIT ?";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteSessionStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public void create(SessionRecord session) {
        Objects.requireNonNull(session, "session");
        StoreException.join(writer.submit(transaction -> create(transaction, session)));
    }

    private static Event create(WriteTransaction transaction, SessionRecord session) throws SQLException {
        if (transaction.sessionHead(session.id()).isPresent()) {
            throw new ConflictException("session '" + session.id() + "' already exists");
        }
        transaction.update(INSERT, session.id(), session.tenantId(), session.agent(), session.agentVersion(),
                session.userId(), Rows.jsonText(session.metadata()), Rows.millis(session.createdAt()));
        Event created = new Event(session.id(), 1, null, transaction.now(), new EventPayload.SessionCreated(
                session.agent(), session.agentVersion(), session.userId(), session.metadata()));
        EventRows.insert(transaction, created);
        transaction.sessionHead(session.id(), new SessionHeads.Head(session.tenantId(), created.seq()));
        transaction.publish(List.of(created));
        return created;
    }

    @Override
    public Optional<SessionRecord> find(String tenantId, String sessionId) {
        return readers.first(FIND, SqliteSessionStore::decode, tenantId, sessionId);
    }

    @Override
    public List<SessionRecord> list(String tenantId, String agent, int limit) {
        if (limit < 0) {
            throw new InvalidRequestException("limit cannot be negative, got " + limit);
        }
        return agent == null
                ? readers.list(LIST, SqliteSessionStore::decode, tenantId, limit)
                : readers.list(LIST_OF_AGENT, SqliteSessionStore::decode, tenantId, agent, limit);
    }

    private static SessionRecord decode(ResultSet row) throws SQLException {
        return new SessionRecord(row.getString("id"), row.getString("tenant_id"), row.getString("agent"),
                row.getInt("agent_version"), row.getString("user_id"), Rows.json(row, "metadata_json"),
                Rows.instant(row, "created_at"));
    }
}
