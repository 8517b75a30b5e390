package dev.cairn.core.gateway;

/**
 * The policy over model calls: which subject may send a call to which target. Thread-safe.
 */
public interface ModelPolicy {

    /** Allows every call, as rule {@code default} of version 0. */
    ModelPolicy ALLOW_ALL = new ModelPolicy() {
        @Override
        public PolicyDecision decide(CallSubject subject, CallTarget target) {
            return new PolicyDecision(true, 0, "default", "no policy is configured");
        }

        @Override
        public PolicyDecision decideAt(long version, CallSubject subject, CallTarget target) {
            return decide(subject, target);
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
}
