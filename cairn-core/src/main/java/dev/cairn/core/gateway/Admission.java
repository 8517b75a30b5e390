package dev.cairn.core.gateway;

import java.util.Objects;

/** The gateway's answer before a model call: it may be made, or why not. */
public sealed interface Admission {

    /**
     * The call may be made.
     *
     * @param policyVersion the version of the policy in force that decided ({@code 0}: no policy stored)
     * @param policyRule    the rule that allowed it
     * @param reservation   the budget reservation to settle after the call, or an empty string
     */
    record Admitted(CallSubject subject, CallTarget target, long policyVersion, String policyRule, String reservation)
            implements Admission {
        public Admitted {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(policyRule, "policyRule");
            reservation = reservation == null ? "" : reservation;
        }
    }

    /**
     * The call may not be made.
     *
     * @param reason  {@link #POLICY_DENIED} (the next target may still be allowed) or
     *                {@link #BUDGET_EXHAUSTED} (the run stops)
     * @param message what refused it, naming the rule or budget
     */
    record Refused(String reason, String message, long policyVersion, String rule) implements Admission {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            rule = rule == null ? "" : rule;
        }
    }

    String POLICY_DENIED = "policy_denied";
    String BUDGET_EXHAUSTED = "budget_exhausted";
}
