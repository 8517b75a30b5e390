package dev.cairn.store.jdbc;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.store.ApprovalIndex;
import dev.cairn.core.store.ApprovalRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of the approval index; {@link ApprovalIndexUpdates} writes it. */
public final class JdbcApprovalIndex implements ApprovalIndex {

    private static final String COLUMNS = "id, tenant_id, session_id, run_id, call_id, tool, arguments, cause, status, "
            + "requested_at, expires_at, decided_at, decided_by, reason";

    private final SqlReader readers;
    private final String insertionOrder;

    /**
     * @param insertionOrder the column that orders rows inserted in the same millisecond
     *                       (SQLite's {@code rowid}, PostgreSQL's identity column)
     */
    public JdbcApprovalIndex(SqlReader readers, String insertionOrder) {
        this.readers = readers;
        this.insertionOrder = insertionOrder;
    }

    @Override
    public Optional<ApprovalRecord> find(String tenantId, String approvalId) {
        return readers.first("SELECT " + COLUMNS + " FROM approvals WHERE tenant_id = ? AND id = ?",
                JdbcApprovalIndex::decode, tenantId, approvalId);
    }

    @Override
    public List<ApprovalRecord> list(String tenantId, String sessionId, ApprovalStatus status, int limit) {
        checkLimit(limit);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM approvals WHERE tenant_id = ?");
        List<Object> parameters = new ArrayList<>(List.of(tenantId));
        if (sessionId != null) {
            sql.append(" AND session_id = ?");
            parameters.add(sessionId);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            parameters.add(status.wireName());
        }
        sql.append(" ORDER BY requested_at DESC, " + insertionOrder + " DESC LIMIT ?");
        parameters.add(limit);
        return readers.list(sql.toString(), JdbcApprovalIndex::decode, parameters.toArray());
    }

    @Override
    public int countPending(String tenantId) {
        return readers.first("SELECT count(*) FROM approvals WHERE tenant_id = ? AND status = 'pending'",
                row -> row.getInt(1), tenantId).orElse(0);
    }

    @Override
    public List<ApprovalRecord> overdue(Instant now, int limit) {
        checkLimit(limit);
        return readers.list("SELECT " + COLUMNS + " FROM approvals WHERE status = 'pending' AND expires_at <= ?"
                + " ORDER BY expires_at LIMIT ?", JdbcApprovalIndex::decode, Rows.millis(now), limit);
    }

    private static void checkLimit(int limit) {
        if (limit < 0) {
            throw new InvalidRequestException("limit cannot be negative, got " + limit);
        }
    }

    private static ApprovalRecord decode(ResultSet row) throws SQLException {
        long decidedAt = row.getLong("decided_at");
        boolean decided = !row.wasNull();
        return new ApprovalRecord(row.getString("id"), row.getString("tenant_id"), row.getString("session_id"),
                row.getString("run_id"), row.getString("call_id"), row.getString("tool"), row.getString("arguments"),
                row.getString("cause"), ApprovalStatus.parse(row.getString("status")), Rows.instant(row, "requested_at"),
                Rows.instant(row, "expires_at"), decided ? Instant.ofEpochMilli(decidedAt) : null,
                row.getString("decided_by"), row.getString("reason"));
    }
}
