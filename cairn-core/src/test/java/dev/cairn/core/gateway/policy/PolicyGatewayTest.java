package dev.cairn.core.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.gateway.Admission;
import dev.cairn.core.gateway.CallResult;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.gateway.PolicyDecision;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.Usage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy-only gateway admits what the policy allows and refuses the rest as policy_denied, naming the rule. */
class PolicyGatewayTest {

    private static final CallSubject SUBJECT = new CallSubject("acme", "helper", 2, "ses_1", "run_1", "u1", "confidential",
            3, ChatRequest.Purpose.ANSWER);
    private static final ChatRequest REQUEST = new ChatRequest("gpt-4o", List.of(new Message.User("hi")), List.of(), 100,
            ChatRequest.Purpose.ANSWER);

    /** A policy of one document at version 4, as a stored version would decide. */
    private static ModelPolicy policy(String yaml) throws Exception {
        PolicyEvaluator evaluator = new PolicyEvaluator(4, PolicyDocuments.parse(Json.yaml().readTree(yaml),
                Set.of("openai", "azure-eu")));
        return new ModelPolicy() {
            @Override
            public PolicyDecision decide(CallSubject subject, CallTarget target) {
                return evaluator.decide(subject, target);
            }

            @Override
            public PolicyDecision decideAt(long version, CallSubject subject, CallTarget target) {
                return evaluator.decide(subject, target);
            }

            @Override
            public PolicyDecision passThrough(String tenantId, String userId) {
                return evaluator.passThrough(tenantId, userId);
            }
        };
    }

    @Test
    void aRefusalIsPolicyDeniedWithTheRuleVersionAndReason() throws Exception {
        PolicyGateway gateway = PolicyGateway.of(policy("""
                rules: [{name: eu-only, match: {classification: confidential}, require_provider: [azure-eu]}]
                """));

        Admission refused = gateway.admit(SUBJECT, new CallTarget("default", "openai", "gpt-4o", "", ""), REQUEST);
        Admission admitted = gateway.admit(SUBJECT, new CallTarget("default", "azure-eu", "gpt-4o", "", ""), REQUEST);

        assertThat(refused).isEqualTo(new Admission.Refused(Admission.POLICY_DENIED,
                "rule eu-only requires provider azure-eu; target openai/gpt-4o is not", 4, "eu-only"));
        assertThat(admitted).isInstanceOfSatisfying(Admission.Admitted.class, allowed -> {
            assertThat(allowed.policyVersion()).isEqualTo(4);
            assertThat(allowed.policyRule()).isEqualTo("eu-only");
            assertThat(allowed.reservation()).isEmpty();
            gateway.settle(allowed, new CallResult(CallResult.OK, Usage.ZERO, 5));
        });
    }

    @Test
    void theDefaultPolicyAdmitsEveryCallAsRuleDefault() {
        Admission admitted = PolicyGateway.of(ModelPolicy.DEFAULT)
                .admit(SUBJECT, new CallTarget("default", "openai", "gpt-4o", "", ""), REQUEST);

        assertThat(admitted).isInstanceOfSatisfying(Admission.Admitted.class,
                allowed -> assertThat(allowed.policyRule()).isEqualTo("default"));
    }
}
