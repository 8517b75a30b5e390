package dev.cairn.store.jdbc;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import java.sql.SQLException;

/**
 * Keeps the {@code approvals} table in step with the log, inside the transaction that appends:
 * {@code approval.requested} adds a pending approval; {@code approval.decided} decides a pending
 * one (an approval that is not pending fails the whole append, so no approval is decided twice,
 * whichever process tries); the end of a run cancels its pending approvals. Other events leave
 * the table alone.
 */
public final class ApprovalIndexUpdates {

    private static final String INSERT = """
            INSERT INTO approvals (id, tenant_id, session_id, run_id, call_id, tool, arguments, cause, status,
                                   requested_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (id) DO NOTHING""";
    private static final String DECIDE = """
            UPDATE approvals SET status = ?, decided_at = ?, decided_by = ?, reason = ?
            WHERE id = ? AND session_id = ? AND status = 'pending'""";
    private static final String CANCEL_RUN = """
            UPDATE approvals SET status = 'cancelled', decided_at = ?, decided_by = 'system', reason = ?
            WHERE run_id = ? AND session_id = ? AND status = 'pending'""";
    private static final String PENDING_OF_RUN = "SELECT count(*) FROM approvals WHERE run_id = ? AND status = 'pending'";

    private ApprovalIndexUpdates() {
    }

    /** Updates the approvals for {@code event}, appended to tenant {@code tenantId}'s session; an impossible decision throws and fails the append. */
    public static void follow(SqlTransaction transaction, String tenantId, Event event) throws SQLException {
        switch (event.payload()) {
            case EventPayload.ApprovalRequested requested -> request(transaction, tenantId, event, requested);
            case EventPayload.ApprovalDecided decided -> decide(transaction, event, decided);
            case EventPayload.RunCompleted completed -> cancelPending(transaction, event);
            case EventPayload.RunFailed failed -> cancelPending(transaction, event);
            case EventPayload.RunCancelled cancelled -> cancelPending(transaction, event);
            default -> {
                // not an approval's business
            }
        }
    }

    /** Approvals of the run still pending, as the transaction sees them. */
    static long pendingOfRun(SqlTransaction transaction, String runId) throws SQLException {
        return transaction.first(PENDING_OF_RUN, row -> row.getLong(1), runId).orElse(0L);
    }

    private static void request(SqlTransaction transaction, String tenantId, Event event,
                                EventPayload.ApprovalRequested requested) throws SQLException {
        int added = transaction.update(INSERT, requested.approvalId(), tenantId, event.sessionId(), runId(event),
                requested.callId(), requested.tool(), requested.arguments() == null ? "" : requested.arguments(),
                requested.cause(), Rows.millis(event.createdAt()), Rows.millis(requested.expiresAt()));
        if (added == 0) {
            throw new InvalidRequestException("approval '" + requested.approvalId() + "' was already requested");
        }
    }

    private static void decide(SqlTransaction transaction, Event event, EventPayload.ApprovalDecided decided)
            throws SQLException {
        int changed = transaction.update(DECIDE, ApprovalStatus.parse(decided.decision()).wireName(),
                Rows.millis(event.createdAt()), decided.by(), decided.reason(), decided.approvalId(), event.sessionId());
        if (changed == 0) {
            throw new InvalidRequestException("approval '" + decided.approvalId() + "' of session '" + event.sessionId()
                    + "' is not pending; it cannot be decided");
        }
    }

    private static void cancelPending(SqlTransaction transaction, Event event) throws SQLException {
        transaction.update(CANCEL_RUN, Rows.millis(event.createdAt()), "the run ended before anybody decided",
                runId(event), event.sessionId());
    }

    private static String runId(Event event) {
        if (event.runId() == null) {
            throw new InvalidRequestException("event " + event.type() + " (seq " + event.seq()
                    + ") belongs to a run but has no run id");
        }
        return event.runId();
    }
}
