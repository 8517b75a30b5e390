package dev.cairn.store.jdbc;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.run.RunState;
import java.sql.SQLException;

/**
 * Keeps the {@code runs} table in step with the events that move runs, inside the transaction
 * that appends them: {@code run.queued} adds a queued run, {@code run.started}, {@code run.completed},
 * {@code run.failed} and {@code run.cancelled} move it; {@code approval.requested} and
 * {@code tool.client_requested} make it wait, and the decision of its last pending approval or
 * {@code run.resumed_by_client} make it run again (the approval index is updated first, so it
 * knows what is still pending). Other events leave the index alone.
 */
public final class RunIndexUpdates {

    private static final String INSERT = """
            INSERT INTO runs (id, tenant_id, session_id, state, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""";
    private static final String MOVE = "UPDATE runs SET state = ?, updated_at = ? WHERE id = ? AND session_id = ?";

    private RunIndexUpdates() {
    }

    /** Moves or indexes the run {@code event} belongs to, if it moves one; a run claimed by another session throws and fails the append. */
    public static void follow(SqlTransaction transaction, String tenantId, Event event) throws SQLException {
        switch (event.payload()) {
            case EventPayload.RunQueued queued -> queue(transaction, tenantId, event);
            case EventPayload.RunStarted started -> move(transaction, tenantId, event, RunState.RUNNING);
            case EventPayload.RunCompleted completed -> move(transaction, tenantId, event, RunState.COMPLETED);
            case EventPayload.RunFailed failed -> move(transaction, tenantId, event, RunState.FAILED);
            case EventPayload.RunCancelled cancelled -> move(transaction, tenantId, event, RunState.CANCELLED);
            case EventPayload.ApprovalRequested requested -> move(transaction, tenantId, event, RunState.AWAITING_APPROVAL);
            case EventPayload.ApprovalDecided decided -> {
                if (ApprovalIndexUpdates.pendingOfRun(transaction, runId(event)) == 0) {
                    move(transaction, tenantId, event, RunState.RUNNING);
                }
            }
            case EventPayload.ToolClientRequested requested -> move(transaction, tenantId, event, RunState.AWAITING_CLIENT_TOOL);
            case EventPayload.RunResumedByClient resumed -> move(transaction, tenantId, event, RunState.RUNNING);
            default -> {
                // not a run lifecycle event
            }
        }
    }

    private static void queue(SqlTransaction transaction, String tenantId, Event event) throws SQLException {
        if (insert(transaction, tenantId, event, RunState.QUEUED) == 0) {
            throw new InvalidRequestException("run '" + event.runId() + "' is already indexed; "
                    + "run.queued must be a run's first event");
        }
    }

    /** Moves an indexed run, or indexes a run whose first event this is. */
    private static void move(SqlTransaction transaction, String tenantId, Event event, RunState state)
            throws SQLException {
        String runId = runId(event);
        int moved = transaction.update(MOVE, state.wireName(), Rows.millis(event.createdAt()), runId, event.sessionId());
        if (moved == 0 && insert(transaction, tenantId, event, state) == 0) {
            throw new InvalidRequestException("run '" + runId + "' belongs to another session than '"
                    + event.sessionId() + "'");
        }
    }

    private static int insert(SqlTransaction transaction, String tenantId, Event event, RunState state)
            throws SQLException {
        long at = Rows.millis(event.createdAt());
        return transaction.update(INSERT, runId(event), tenantId, event.sessionId(), state.wireName(), at, at);
    }

    private static String runId(Event event) {
        if (event.runId() == null) {
            throw new InvalidRequestException("event " + event.type() + " (seq " + event.seq()
                    + ") belongs to a run but has no run id");
        }
        return event.runId();
    }
}
