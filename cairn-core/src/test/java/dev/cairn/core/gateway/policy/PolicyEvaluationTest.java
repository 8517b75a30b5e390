package dev.cairn.core.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.PolicyDecision;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatRequest;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * How a policy decides calls and pass-through: every matching rule applies, deny beats the
 * require constraints, which beat allow, and the decision names the rule that decided.
 */
class PolicyEvaluationTest {

    private static final Set<String> PROVIDERS = Set.of("openai", "azure-eu", "anthropic");

    private static final String POLICY = """
            default: allow
            rules:
              - name: no-openai-for-acme
                match: {tenant: acme, provider: openai}
                effect: deny
              - name: eu-only
                match: {model: "gpt-*", classification: [confidential, restricted]}
                require_provider: [azure-eu]
              - name: eu-regions
                match: {classification: restricted}
                require_region: [westeurope, northeurope]
              - name: claude-for-support
                match: {model: "claude-*", agent: "support-*"}
                effect: allow
              - name: interns-no-opus
                match: {model: "claude-3-opus*", user: "intern-*"}
                effect: deny
              - name: no-small-reasoners
                match: {model: "o?-mini"}
                effect: deny
              - name: no-llama-3-1
                match: {model: "llama3.1*"}
                effect: deny
              - name: no-gpt-3
                match: {model: "gpt-3*"}
                effect: deny
              - name: pt-acme
                applies_to: passthrough
                match: {tenant: acme}
                effect: allow
              - name: pt-acme-guests
                applies_to: passthrough
                match: {tenant: acme, user: "guest-*"}
                effect: deny
            """;

    private static PolicyEvaluator evaluator(String yaml) {
        try {
            return new PolicyEvaluator(7, PolicyDocuments.parse(Json.yaml().readTree(yaml), PROVIDERS));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static CallSubject subject(String tenant, String agent, String user, String classification) {
        return new CallSubject(tenant, agent, 1, "ses_1", "run_1", user, classification, 1, ChatRequest.Purpose.ANSWER);
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                // tenant, agent, user, classification, provider, model, region -> allowed, rule, message part
                Arguments.of("globex", "helper", "u1", "", "openai", "gpt-4o", "", true, "default", "no rule matched"),
                Arguments.of("acme", "helper", "u1", "", "openai", "gpt-4o", "", false, "no-openai-for-acme",
                        "rule no-openai-for-acme denies this call: target openai/gpt-4o for tenant 'acme'"),
                Arguments.of("globex", "helper", "u1", "confidential", "openai", "gpt-4o", "", false, "eu-only",
                        "rule eu-only requires provider azure-eu; target openai/gpt-4o is not"),
                Arguments.of("globex", "helper", "u1", "confidential", "azure-eu", "gpt-4o", "westeurope", true,
                        "eu-only", "rule eu-only is met by azure-eu/gpt-4o"),
                Arguments.of("globex", "helper", "u1", "restricted", "azure-eu", "gpt-4o", "", false, "eu-regions",
                        "rule eu-regions requires region westeurope or northeurope; target azure-eu/gpt-4o names no region"),
                Arguments.of("globex", "helper", "u1", "restricted", "azure-eu", "gpt-4o", "eastus", false, "eu-regions",
                        "target azure-eu/gpt-4o is in eastus"),
                Arguments.of("globex", "helper", "u1", "restricted", "azure-eu", "gpt-4o", "northeurope", true, "eu-only",
                        "is met"),
                Arguments.of("globex", "helper", "u1", "public", "openai", "gpt-4o", "", true, "default", ""),
                Arguments.of("globex", "helper", "u1", "confidential", "anthropic", "claude-3-5-sonnet", "", true,
                        "default", ""),
                Arguments.of("globex", "support-triage", "u1", "", "anthropic", "claude-3-5-sonnet", "", true,
                        "claude-for-support", "rule claude-for-support allows anthropic/claude-3-5-sonnet"),
                Arguments.of("globex", "support-triage", "intern-7", "", "anthropic", "claude-3-opus-20240229", "", false,
                        "interns-no-opus", "rule interns-no-opus denies"),
                Arguments.of("globex", "helper", "", "", "anthropic", "claude-3-opus", "", true, "default", ""),
                Arguments.of("acme", "helper", "u1", "confidential", "azure-eu", "gpt-4o", "", true, "eu-only", ""),
                Arguments.of("acme", "helper", "u1", "confidential", "openai", "gpt-4o", "", false,
                        "no-openai-for-acme", "denies"),
                Arguments.of("globex", "helper", "u1", "confidential", "openai", "gpt-3.5-turbo", "", false, "no-gpt-3",
                        "rule no-gpt-3 denies"),
                Arguments.of("globex", "helper", "u1", "", "openai", "o1-mini", "", false, "no-small-reasoners", ""),
                Arguments.of("globex", "helper", "u1", "", "openai", "o10-mini", "", true, "default", ""),
                Arguments.of("globex", "helper", "u1", "", "openai", "o1-preview", "", true, "default", ""),
                Arguments.of("globex", "helper", "u1", "", "openai", "llama3.1-70b", "", false, "no-llama-3-1", ""),
                Arguments.of("globex", "helper", "u1", "", "openai", "llama3x1-70b", "", true, "default", ""),
                Arguments.of("globex", "helper", "u1", "", "openai", "accounts/x/models/gpt-4o", "", true, "default", ""));
    }

    @ParameterizedTest(name = "[{index}] {0}/{1}/{2}/{3} -> {4}/{5}@{6}: {8}")
    @MethodSource("calls")
    void decidesEachCall(String tenant, String agent, String user, String classification, String provider, String model,
                         String region, boolean allowed, String rule, String message) {
        PolicyDecision decision = evaluator(POLICY).decide(subject(tenant, agent, user, classification),
                new CallTarget("default", provider, model, region, ""));

        assertThat(decision.allowed()).isEqualTo(allowed);
        assertThat(decision.rule()).isEqualTo(rule);
        assertThat(decision.version()).isEqualTo(7);
        assertThat(decision.message()).contains(message);
    }

    @Test
    void aGlobStarCrossesSlashesAndMatchesWholeNames() {
        PolicyEvaluator policy = evaluator("""
                rules:
                  - {name: fireworks, match: {model: "accounts/*/gpt-*"}, effect: deny}
                """);

        assertThat(policy.decide(subject("t", "a", "", ""), new CallTarget("r", "openai", "accounts/x/y/gpt-4o", "", ""))
                .allowed()).isFalse();
        assertThat(policy.decide(subject("t", "a", "", ""), new CallTarget("r", "openai", "my-accounts/x/gpt-4o", "", ""))
                .allowed()).isTrue();
    }

    @Test
    void withDefaultDenyOnlyCallsARuleAllowsOrMeetsAreAllowed() {
        PolicyEvaluator policy = evaluator("""
                default: deny
                rules:
                  - {name: claude-ok, match: {model: "claude-*"}, effect: allow}
                  - {name: eu-gpt, match: {model: "gpt-*"}, require_provider: [azure-eu]}
                """);
        CallSubject subject = subject("globex", "helper", "u1", "");

        PolicyDecision unmatched = policy.decide(subject, new CallTarget("r", "openai", "o1-mini", "", ""));
        assertThat(unmatched.allowed()).isFalse();
        assertThat(unmatched.rule()).isEqualTo("default");
        assertThat(unmatched.message()).contains("policy_default is deny").contains("openai/o1-mini");
        assertThat(policy.decide(subject, new CallTarget("r", "anthropic", "claude-3-haiku", "", "")).rule())
                .isEqualTo("claude-ok");
        PolicyDecision met = policy.decide(subject, new CallTarget("r", "azure-eu", "gpt-4o", "", ""));
        assertThat(met.allowed()).isTrue();
        assertThat(met.rule()).isEqualTo("eu-gpt");
        assertThat(policy.decide(subject, new CallTarget("r", "openai", "gpt-4o", "", "")).allowed()).isFalse();
    }

    @Test
    void passThroughIsOffUnlessARuleTurnsItOnAndADenyKeepsItOff() {
        PolicyEvaluator policy = evaluator(POLICY);

        PolicyDecision on = policy.passThrough("acme", "u1");
        assertThat(on.allowed()).isTrue();
        assertThat(on.rule()).isEqualTo("pt-acme");
        PolicyDecision guest = policy.passThrough("acme", "guest-3");
        assertThat(guest.allowed()).isFalse();
        assertThat(guest.rule()).isEqualTo("pt-acme-guests");
        assertThat(guest.message()).contains("tenant 'acme'").contains("user 'guest-3'");
        PolicyDecision other = policy.passThrough("globex", "u1");
        assertThat(other.allowed()).isFalse();
        assertThat(other.rule()).isEqualTo("default");
        assertThat(other.message()).contains("off");
        assertThat(evaluator("default: allow").passThrough("acme", "u1").allowed()).isFalse();
    }

    @Test
    void passThroughRulesDoNotDecideCallsAndCallRulesDoNotTurnOnPassThrough() {
        PolicyEvaluator policy = evaluator("""
                default: deny
                rules:
                  - {name: pt, applies_to: passthrough, effect: allow}
                  - {name: all-calls, effect: allow, match: {tenant: globex}}
                """);

        assertThat(policy.decide(subject("acme", "a", "", ""), new CallTarget("r", "openai", "gpt-4o", "", "")).rule())
                .isEqualTo("default");
        assertThat(policy.passThrough("globex", "").rule()).isEqualTo("pt");
        assertThat(evaluator("rules: [{name: all, effect: allow}]").passThrough("globex", "").allowed()).isFalse();
    }
}
