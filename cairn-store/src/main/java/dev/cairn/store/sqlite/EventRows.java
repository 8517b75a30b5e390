package dev.cairn.store.sqlite;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventTypes;
import dev.cairn.core.event.UnknownEventTypeException;
import dev.cairn.store.jdbc.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Writes events to, and reads them from, the {@code events} table. */
final class EventRows {

    static final String COLUMNS = "session_id, seq, run_id, type, payload, created_at";

    private static final String INSERT = "INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";

    private EventRows() {
    }

    static void insert(WriteTransaction transaction, Event event) throws SQLException {
        transaction.update(INSERT, event.sessionId(), event.seq(), event.runId(), event.type(),
                EventTypes.encode(event.payload()), Rows.millis(event.createdAt()));
    }

    /**
     * Decodes a row selected with {@link #COLUMNS}. The payload decodes only into the record its
     * stored type names.
     *
     * @throws UnknownEventTypeException when the type is unknown or its payload does not fit it
     */
    static Event decode(ResultSet row) throws SQLException {
        return new Event(row.getString("session_id"), row.getLong("seq"), row.getString("run_id"),
                Rows.instant(row, "created_at"), EventTypes.decode(row.getString("type"), row.getString("payload")));
    }
}
