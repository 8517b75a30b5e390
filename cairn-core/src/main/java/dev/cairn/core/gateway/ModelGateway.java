package dev.cairn.core.gateway;

import dev.cairn.core.model.ChatRequest;

/**
 * Decides each model call before it is made and records it after. Implementations check the
 * policy in force, reserve the call's worst-case cost against every budget that applies, and on
 * {@link #settle} replace the reservation with the actual cost and append the ledger entry.
 * Thread-safe: every run of the process calls it.
 */
public interface ModelGateway {

    /** Admits every call and records nothing. */
    ModelGateway OPEN = new ModelGateway() {
        @Override
        public Admission admit(CallSubject subject, CallTarget target, ChatRequest request) {
            return new Admission.Admitted(subject, target, 0, "open", "");
        }

        @Override
        public void settle(Admission.Admitted admitted, CallResult result) {
        }
    };

    /**
     * Whether {@code request} may be sent to {@code target} for {@code subject}; an admitted call
     * must be settled exactly once, whatever becomes of it.
     */
    Admission admit(CallSubject subject, CallTarget target, ChatRequest request);

    /** Records what an admitted call came to. */
    void settle(Admission.Admitted admitted, CallResult result);

    /**
     * Records a tool call with effects outside the run (a declared tool, or any tool that is not
     * idempotent) made at {@code subject}'s step. Records nothing unless the gateway keeps a ledger.
     *
     * @param outcome {@code ok}, or the failure that ended the call
     */
    default void recordToolCall(CallSubject subject, String tool, String outcome, long latencyMillis) {
    }
}
