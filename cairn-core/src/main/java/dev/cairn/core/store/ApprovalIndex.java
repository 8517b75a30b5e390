package dev.cairn.core.store;

import dev.cairn.core.approval.ApprovalStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Finds approvals without reading every log. The store updates it in the transaction that appends
 * the events it follows: {@code approval.requested} adds a pending approval,
 * {@code approval.decided} decides it (once: deciding an approval that is not pending fails the
 * whole append), and the end of a run ({@code run.completed}, {@code run.failed},
 * {@code run.cancelled}) marks its pending approvals {@code cancelled}. So it never disagrees with
 * the log. Thread-safe.
 */
public interface ApprovalIndex {

    /** The approval, if it exists and belongs to the tenant. */
    Optional<ApprovalRecord> find(String tenantId, String approvalId);

    /** The tenant's approvals, newest first, optionally filtered by session and status (null: any). */
    List<ApprovalRecord> list(String tenantId, String sessionId, ApprovalStatus status, int limit);

    /** How many of the tenant's approvals are pending. */
    int countPending(String tenantId);

    /** Pending approvals of every tenant whose expiry is at or before {@code now}, soonest first. */
    List<ApprovalRecord> overdue(Instant now, int limit);
}
