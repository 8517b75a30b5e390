package dev.cairn.core.gateway.policy;

import dev.cairn.core.gateway.Admission;
import dev.cairn.core.gateway.CallResult;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.gateway.PolicyDecision;
import dev.cairn.core.model.ChatRequest;
import java.util.Objects;

/**
 * A gateway that only applies a {@link ModelPolicy}: a call the policy allows is admitted, naming
 * the version and rule that allowed it; one it refuses is refused with
 * {@link Admission#POLICY_DENIED} and the policy's message, so the route's next target may answer.
 * It reserves no budget and records nothing, so {@link #settle} does nothing. Thread-safe when
 * the policy is.
 */
public final class PolicyGateway implements ModelGateway {

    private final ModelPolicy policy;

    private PolicyGateway(ModelPolicy policy) {
        this.policy = policy;
    }

    public static PolicyGateway of(ModelPolicy policy) {
        return new PolicyGateway(Objects.requireNonNull(policy, "policy"));
    }

    @Override
    public Admission admit(CallSubject subject, CallTarget target, ChatRequest request) {
        PolicyDecision decision = policy.decide(subject, target);
        if (!decision.allowed()) {
            return new Admission.Refused(Admission.POLICY_DENIED, decision.message(), decision.version(), decision.rule());
        }
        return new Admission.Admitted(subject, target, decision.version(), decision.rule(), "");
    }

    @Override
    public void settle(Admission.Admitted admitted, CallResult result) {
        // nothing was reserved and nothing is recorded
    }
}
