package dev.cairn.store.jdbc;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.run.RunState;
import dev.cairn.core.store.RunIndex;
import dev.cairn.core.store.RunRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Reads of the run index; {@link RunIndexUpdates} writes it. */
public final class JdbcRunIndex implements RunIndex {

    private static final String COLUMNS = "id, tenant_id, session_id, state, created_at, updated_at";

    private final SqlReader readers;
    private final String insertionOrder;

    /**
     * @param insertionOrder the column that orders rows inserted in the same millisecond
     *                       (SQLite's {@code rowid}, PostgreSQL's identity column)
     */
    public JdbcRunIndex(SqlReader readers, String insertionOrder) {
        this.readers = readers;
        this.insertionOrder = insertionOrder;
    }

    @Override
    public Optional<RunRecord> find(String tenantId, String runId) {
        return readers.first("SELECT " + COLUMNS + " FROM runs WHERE tenant_id = ? AND id = ?",
                JdbcRunIndex::decode, tenantId, runId);
    }

    @Override
    public List<RunRecord> list(String tenantId, String sessionId, RunState state, int limit) {
        checkLimit(limit);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM runs WHERE tenant_id = ?");
        List<Object> parameters = new ArrayList<>(List.of(tenantId));
        if (sessionId != null) {
            sql.append(" AND session_id = ?");
            parameters.add(sessionId);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            parameters.add(state.wireName());
        }
        sql.append(" ORDER BY created_at DESC, " + insertionOrder + " DESC LIMIT ?");
        parameters.add(limit);
        return readers.list(sql.toString(), JdbcRunIndex::decode, parameters.toArray());
    }

    @Override
    public List<RunRecord> inStates(List<RunState> states, int limit) {
        checkLimit(limit);
        if (states.isEmpty()) {
            return List.of();
        }
        String placeholders = String.join(", ", Collections.nCopies(states.size(), "?"));
        List<Object> parameters = new ArrayList<>();
        states.forEach(state -> parameters.add(state.wireName()));
        parameters.add(limit);
        return readers.list("SELECT " + COLUMNS + " FROM runs WHERE state IN (" + placeholders + ")"
                + " ORDER BY created_at, " + insertionOrder + " LIMIT ?", JdbcRunIndex::decode, parameters.toArray());
    }

    private static void checkLimit(int limit) {
        if (limit < 0) {
            throw new InvalidRequestException("limit cannot be negative, got " + limit);
        }
    }

    private static RunRecord decode(ResultSet row) throws SQLException {
        return new RunRecord(row.getString("id"), row.getString("tenant_id"), row.getString("session_id"),
                RunState.parse(row.getString("state")), Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"));
    }
}
