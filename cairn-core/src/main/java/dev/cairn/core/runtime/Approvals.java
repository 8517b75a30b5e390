package dev.cairn.core.runtime;

import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.session.SessionLog;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.store.ApprovalRecord;
import dev.cairn.core.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * People's decisions on the approvals runs ask for: finding, deciding and expiring them. A
 * decision is an unfenced {@code approval.decided} event, decided on the session's log under its
 * lock, so two decisions of one approval cannot both be stored; the run's worker is kicked after
 * it. An approval past its expiry counts as denied: it is decided {@code expired} by
 * {@code system}, by the scanner ({@link #expireOverdue}) or by whoever reads it first. At most
 * so many approvals may be pending per session and per tenant ({@link #refusal}, the runs'
 * {@link dev.cairn.core.loop.ApprovalGate}).
 *
 * <p>Thread-safe.
 */
final class Approvals {

    static final String SYSTEM = "system";
    private static final int MAX_REASON_CHARS = 1000;

    private final Store store;
    private final Function<String, SessionLog> logs;
    private final Clock clock;
    private final BiConsumer<String, String> kick;
    private final int maxPendingPerSession;
    private final int maxPendingPerTenant;

    Approvals(Store store, Function<String, SessionLog> logs, Clock clock, BiConsumer<String, String> kick,
              int maxPendingPerSession, int maxPendingPerTenant) {
        this.store = store;
        this.logs = logs;
        this.clock = clock;
        this.kick = kick;
        this.maxPendingPerSession = maxPendingPerSession;
        this.maxPendingPerTenant = maxPendingPerTenant;
    }

    /** Flood control: why one more approval may not be asked for now, or empty when it may. */
    Optional<String> refusal(String tenantId, int pendingInSession, int askingNow) {
        if (pendingInSession >= maxPendingPerSession) {
            return Optional.of("too many pending approvals: this session has " + pendingInSession
                    + " waiting for a decision (the limit is " + maxPendingPerSession + ")");
        }
        int pendingInTenant = store.approvals().countPending(tenantId) + askingNow;
        if (pendingInTenant >= maxPendingPerTenant) {
            return Optional.of("too many pending approvals: this tenant has " + pendingInTenant
                    + " waiting for a decision (the limit is " + maxPendingPerTenant + ")");
        }
        return Optional.empty();
    }

    ApprovalRecord find(String tenantId, String approvalId) {
        ApprovalRecord record = indexed(tenantId, approvalId);
        return record.overdue(clock.instant()) ? expire(record) : record;
    }

    List<ApprovalRecord> list(String tenantId, String sessionId, ApprovalStatus status, int limit) {
        List<ApprovalRecord> found = store.approvals().list(tenantId, sessionId, status, limit);
        if (found.stream().noneMatch(record -> record.overdue(clock.instant()))) {
            return found;
        }
        List<ApprovalRecord> current = new ArrayList<>();
        for (ApprovalRecord record : found) {
            ApprovalRecord now = record.overdue(clock.instant()) ? expire(record) : record;
            if (status == null || now.status() == status) {
                current.add(now);
            }
        }
        return current;
    }

    /**
     * Records a person's decision and lets the run go on.
     *
     * @throws NotFoundException        when the tenant has no such approval
     * @throws ConflictException        when it was already decided, or expired before this decision
     * @throws InvalidRequestException  when the decision is not approved or denied, or the reason is too long
     */
    ApprovalRecord decide(String tenantId, String approvalId, ApprovalStatus decision, String by, String reason) {
        if (decision != ApprovalStatus.APPROVED && decision != ApprovalStatus.DENIED) {
            throw new InvalidRequestException("a person decides 'approved' or 'denied', not '" + decision.wireName() + "'");
        }
        if (reason != null && reason.length() > MAX_REASON_CHARS) {
            throw new InvalidRequestException("'reason' has " + reason.length() + " characters; the limit is " + MAX_REASON_CHARS);
        }
        ApprovalRecord record = indexed(tenantId, approvalId);
        SessionLog log = logs.apply(record.sessionId());
        log.catchUp();
        boolean[] expired = {false};
        log.update(view -> {
            SessionView.Approval approval = view.approval(approvalId)
                    .orElseThrow(() -> new NotFoundException("approval", approvalId));
            expired[0] = false;
            if (!approval.pending()) {
                throw new ConflictException("approval '" + approvalId + "' was already decided: "
                        + approval.status().wireName() + " by " + approval.decidedBy());
            }
            if (approval.overdue(clock.instant())) {
                expired[0] = true;
                return List.of(expiry(approval));
            }
            return List.of(NewEvent.ofRun(approval.runId(),
                    new EventPayload.ApprovalDecided(approvalId, decision.wireName(), by, reason)));
        });
        kick.accept(tenantId, record.sessionId());
        if (expired[0]) {
            throw new ConflictException("approval '" + approvalId + "' expired at " + record.expiresAt()
                    + " before it was decided; it counts as denied");
        }
        return indexed(tenantId, approvalId);
    }

    /** Expires every overdue approval, of every tenant; called by the scanner. */
    void expireOverdue() {
        for (ApprovalRecord record : store.approvals().overdue(clock.instant(), 100)) {
            expire(record);
        }
    }

    /** Decides an overdue approval {@code expired}, unless somebody decided it first, and answers it as it is then. */
    private ApprovalRecord expire(ApprovalRecord record) {
        SessionLog log = logs.apply(record.sessionId());
        log.catchUp();
        List<Event> stored = log.update(view -> view.approval(record.id())
                .filter(approval -> approval.overdue(clock.instant()))
                .map(approval -> List.of(expiry(approval)))
                .orElse(List.of()));
        if (!stored.isEmpty()) {
            kick.accept(record.tenantId(), record.sessionId());
        }
        return indexed(record.tenantId(), record.id());
    }

    private static NewEvent expiry(SessionView.Approval approval) {
        return NewEvent.ofRun(approval.runId(), new EventPayload.ApprovalDecided(approval.id(),
                ApprovalStatus.EXPIRED.wireName(), SYSTEM, "nobody decided before " + approval.expiresAt()));
    }

    private ApprovalRecord indexed(String tenantId, String approvalId) {
        Optional<ApprovalRecord> record = store.approvals().find(tenantId, approvalId);
        return record.orElseThrow(() -> new NotFoundException("approval", approvalId));
    }
}
