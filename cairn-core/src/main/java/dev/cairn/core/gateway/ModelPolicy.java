package dev.cairn.core.gateway;

/**
 * The policy over model calls: which subject may send a call to which target, and who may use
 * stateless pass-through (a model call outside any session). Thread-safe.
 */
public interface ModelPolicy {

    /** Allows every model call, as rule {@code default} of version 0; stateless pass-through is off. */
    ModelPolicy DEFAULT = new ModelPolicy() {
        @Override
        public PolicyDecision decide(CallSubject subject, CallTarget target) {
            return new PolicyDecision(true, 0, "default", "no policy is configured");
        }

        @Override
        public PolicyDecision decideAt(long version, CallSubject subject, CallTarget target) {
            return decide(subject, target);
        }

        @Override
        public PolicyDecision passThrough(String tenantId, String userId) {
            return new PolicyDecision(false, 0, "default",
                    "stateless pass-through is off: no policy turns it on for tenant '" + tenantId + "'");
        }
    };

    /** The decision of the policy in force now. */
    PolicyDecision decide(CallSubject subject, CallTarget target);

    /**
     * The decision stored policy version {@code version} gives, to check a past call against the
     * policy in force at its time.
     *
     * @throws IllegalArgumentException when no such version is stored
     */
    PolicyDecision decideAt(long version, CallSubject subject, CallTarget target);

    /**
     * Whether {@code tenantId}'s caller may use stateless pass-through now ({@code /openai/v1/chat/completions},
     * or {@code /openai/v1/responses} with {@code store: false} and no conversation). Off unless a
     * rule turns it on. Each call made that way is still decided by {@link #decide}.
     */
    PolicyDecision passThrough(String tenantId, String userId);
}
