package dev.cairn.core.store;

import dev.cairn.core.approval.ApprovalStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * The index row of an approval, kept in step with the {@code approval.*} events of its session
 * (and with the end of its run) in the transaction that appends them.
 *
 * @param cause     {@code policy} or {@code outcome_unknown}, as in {@code approval.requested}
 * @param decidedAt when it was decided or its run ended, or null while pending
 * @param decidedBy the API key that decided it, {@code system} for expiry and ended runs, or null while pending
 * @param reason    the reason given with the decision, if any
 */
public record ApprovalRecord(String id, String tenantId, String sessionId, String runId, String callId, String tool,
                             String arguments, String cause, ApprovalStatus status, Instant requestedAt,
                             Instant expiresAt, Instant decidedAt, String decidedBy, String reason) {
    public ApprovalRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** True when it is still pending at {@code now} although its time is up. */
    public boolean overdue(Instant now) {
        return status == ApprovalStatus.PENDING && !now.isBefore(expiresAt);
    }
}
