package dev.cairn.core.loop;

import java.util.Optional;

/**
 * Flood control for approvals: whether a run may ask people for one more decision now. A request
 * the gate refuses is not queued: the call fails at once and the model is told why.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface ApprovalGate {

    /** Lets every request through. */
    ApprovalGate UNLIMITED = (tenantId, pendingInSession, askingNow) -> Optional.empty();

    /**
     * @param tenantId         the session's tenant
     * @param pendingInSession approvals of the session that nobody has decided yet
     * @param askingNow        approvals the same batch already asks for, before this one
     * @return why one more approval may not be asked for now, or empty when it may
     */
    Optional<String> refusal(String tenantId, int pendingInSession, int askingNow);
}
