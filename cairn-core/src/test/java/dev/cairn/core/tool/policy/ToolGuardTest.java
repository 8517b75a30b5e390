package dev.cairn.core.tool.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.agent.ToolRule;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolGuardTest {

    private static final Tool REFUND = new Tool() {
        @Override
        public ToolDefinition definition() {
            return new ToolDefinition("refund", "refunds an order", Json.constant("{\"type\":\"object\"}"));
        }

        @Override
        public boolean idempotent() {
            return false;
        }

        @Override
        public ToolOutcome call(ToolInvocation invocation) {
            return ToolOutcome.success("refunded");
        }
    };

    private static ToolEntry entry(String policy, List<ToolRule> rules, String rateLimit) {
        return new ToolEntry("refund", null, null, policy, null, null, null, null, null, null, null, rules, null,
                rateLimit, null);
    }

    private static JsonNode args(String json) throws Exception {
        return Json.parse(json);
    }

    private static PolicyRule server(String name, String tool, PolicyEffect effect, String when) {
        return new PolicyRule(name, tool, null, null, effect, when == null ? null : PolicyConditions.compile(when));
    }

    @Test
    void aConditionalApprovalAppliesOnlyAboveItsThreshold() throws Exception {
        ToolGuard guard = ToolPolicies.NONE.guard("t1", "billing", 0,
                entry(null, List.of(new ToolRule("tools[0].policy.require_approval", "require_approval", "args.amount > 100")),
                        null), REFUND);

        assertThat(guard.decide(args("{\"amount\": 50}")).effect()).isEqualTo(PolicyEffect.ALLOW);
        assertThat(guard.decide(args("{\"amount\": 50}")).rule()).isEqualTo(PolicyDecision.DEFAULT_RULE);
        PolicyDecision above = guard.decide(args("{\"amount\": 150}"));
        assertThat(above.effect()).isEqualTo(PolicyEffect.REQUIRE_APPROVAL);
        assertThat(above.rule()).isEqualTo("tools[0].policy.require_approval");
        assertThat(above.reason()).contains("args.amount > 100");
        assertThat(guard.check(args("{\"amount\": 150}")).requiresApproval()).isTrue();
    }

    @Test
    void denyBeatsRequireApprovalWhichBeatsAllowAndTheWinnerIsNamed() throws Exception {
        ToolPolicies policies = ToolPolicies.create(List.of(
                server("payments-approval", "ref*", PolicyEffect.REQUIRE_APPROVAL, null),
                server("tool_policies[1]", "refund", PolicyEffect.DENY, "args.amount > 1000")),
                InputValidator.NONE, Clock.systemUTC());
        ToolGuard guard = policies.guard("t1", "billing", 2, entry("allow", List.of(), null), REFUND);

        assertThat(guard.rules()).extracting(PolicyRule::name)
                .containsExactly("tools[2].policy", "payments-approval", "tool_policies[1]");
        PolicyDecision small = guard.decide(args("{\"amount\": 5}"));
        assertThat(small.effect()).isEqualTo(PolicyEffect.REQUIRE_APPROVAL);
        assertThat(small.rule()).isEqualTo("payments-approval");
        PolicyDecision huge = guard.decide(args("{\"amount\": 5000}"));
        assertThat(huge.effect()).isEqualTo(PolicyEffect.DENY);
        assertThat(huge.rule()).isEqualTo("tool_policies[1]");
        ToolGuard.Verdict verdict = guard.check(args("{\"amount\": 5000}"));
        assertThat(verdict.refusal().reason()).isEqualTo(Refusal.DENIED);
        assertThat(verdict.refusal().rule()).isEqualTo("tool_policies[1]");
        assertThat(verdict.refusal().message()).contains("refund").contains("tool_policies[1]");
    }

    @Test
    void serverRulesMatchToolTenantAndAgentGlobs() {
        PolicyRule rule = new PolicyRule("r", "payments.*", "acme", "bill*", PolicyEffect.DENY, null);
        assertThat(rule.covers("payments.charge", "acme", "billing")).isTrue();
        assertThat(rule.covers("payments.charge", "other", "billing")).isFalse();
        assertThat(rule.covers("payments.charge", "acme", "support")).isFalse();
        assertThat(rule.covers("paymentsXcharge", "acme", "billing")).isFalse();
        assertThat(rule.covers("refund", "acme", "billing")).isFalse();
        assertThat(new PolicyRule("r", "*", null, null, PolicyEffect.DENY, null).covers("x", null, null)).isTrue();
    }

    @Test
    void anUnconditionalDenyDeniesOutright() {
        ToolPolicies policies = ToolPolicies.create(List.of(server("no-refunds", "refund", PolicyEffect.DENY, null)),
                InputValidator.NONE, Clock.systemUTC());
        assertThat(policies.guard("t1", "billing", 0, entry(null, List.of(), null), REFUND).deniedOutright()).isTrue();
        assertThat(ToolPolicies.NONE.guard("t1", "billing", 0, entry(null, List.of(), null), REFUND).deniedOutright())
                .isFalse();
    }

    @Test
    void conditionsThatCannotBeEvaluatedFailClosed() throws Exception {
        ToolGuard guard = ToolPolicies.NONE.guard("t1", "billing", 0, entry(null, List.of(
                new ToolRule("tools[0].rules[0]", "deny", "args.amount > 1000"),
                new ToolRule("tools[0].rules[1]", "allow", "args.trusted == true")), null), REFUND);

        PolicyDecision missing = guard.decide(args("{}"));
        assertThat(missing.effect()).isEqualTo(PolicyEffect.DENY);
        assertThat(missing.rule()).isEqualTo("tools[0].rules[0]");
        assertThat(missing.reason()).contains("could not be evaluated").contains("fails closed");
        assertThat(guard.decide(args("{\"amount\": 3}")).effect()).isEqualTo(PolicyEffect.ALLOW);
        assertThat(guard.decide(args("{\"amount\": 3}")).rule()).isEqualTo(PolicyDecision.DEFAULT_RULE);
    }

    @Test
    void argumentsTheSchemaRejectsAreRefusedBeforePolicyIsAsked() throws Exception {
        InputValidator needsAmount = schema -> arguments -> arguments.has("amount") ? List.of()
                : List.of("$: required property 'amount' not found");
        ToolGuard guard = ToolPolicies.create(List.of(), needsAmount, Clock.systemUTC())
                .guard("t1", "billing", 0, entry(null, List.of(), null), REFUND);

        ToolGuard.Verdict verdict = guard.check(args("{}"));
        assertThat(verdict.refusal().reason()).isEqualTo(Refusal.INVALID_ARGUMENTS);
        assertThat(verdict.refusal().message()).contains("'amount'").contains("refund").contains("not called");
        assertThat(guard.check(args("{\"amount\": 1}")).refusal()).isNull();
    }

    @Test
    void theRateLimitCountsPerTenantAgentAndToolInASlidingWindow() {
        MutableClock clock = new MutableClock();
        ToolPolicies policies = ToolPolicies.create(List.of(), InputValidator.NONE, clock);
        ToolGuard billing = policies.guard("t1", "billing", 0, entry(null, List.of(), "2/m"), REFUND);
        ToolGuard other = policies.guard("t1", "support", 0, entry(null, List.of(), "2/m"), REFUND);

        assertThat(billing.acquire()).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(billing.acquire()).isEmpty();
        var refused = billing.acquire();
        assertThat(refused).isPresent();
        assertThat(refused.get().reason()).isEqualTo(Refusal.RATE_LIMITED);
        assertThat(refused.get().message()).contains("rate limit").contains("2 calls per 1m");
        assertThat(other.acquire()).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(billing.acquire()).isEmpty();
        assertThat(billing.acquire()).isPresent();
    }

    @Test
    void limitsComeFromTheEntryOrTheDefaults() {
        ToolEntry entry = new ToolEntry("refund", null, null, null, null, null, null, null, null, null, null, null, "30s",
                "10/m", "64KiB");
        ToolLimits limits = ToolLimits.of(entry);
        assertThat(limits.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(limits.rateLimit()).isEqualTo(new RateLimit(10, Duration.ofMinutes(1)));
        assertThat(limits.maxOutputBytes()).isEqualTo(64 * 1024);
        assertThat(ToolLimits.of(entry(null, List.of(), null))).isEqualTo(ToolLimits.DEFAULT);
        assertThat(RateLimit.parse("rate_limit", "20/30s")).isEqualTo(new RateLimit(20, Duration.ofSeconds(30)));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration amount) {
            now = now.plus(amount);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
