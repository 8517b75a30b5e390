package dev.cairn.core.tool.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ValidationException;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.AgentSpecs;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.agent.ToolRule;
import dev.cairn.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicySpecsTest {

    private final AgentSpecs specs = AgentSpecs.create(Set.of("default"), Set.of("memory", "refund"), schema -> List.of());

    @Test
    void readsConditionalPoliciesRulesAndLimits() {
        AgentSpec spec = specs.parse("""
                name: billing
                tools:
                  - builtin: refund
                    policy: {require_approval: "args.amount > 100", deny: "args.amount > 10000"}
                    rules:
                      - {when: "args.currency != 'EUR'", effect: require_approval, name: foreign-currency}
                    timeout: 30s
                    rate_limit: 10/m
                    max_output: 64KiB
                    approval_timeout: 2h
                """, false);

        ToolEntry entry = spec.tools().getFirst();
        assertThat(entry.policy()).isNull();
        assertThat(entry.rules()).containsExactly(
                new ToolRule("tools[0].policy.require_approval", "require_approval", "args.amount > 100"),
                new ToolRule("tools[0].policy.deny", "deny", "args.amount > 10000"),
                new ToolRule("foreign-currency", "require_approval", "args.currency != 'EUR'"));
        assertThat(entry.timeout()).isEqualTo("30s");
        assertThat(entry.rateLimit()).isEqualTo("10/m");
        assertThat(entry.maxOutput()).isEqualTo("64KiB");
    }

    @Test
    void badPoliciesConditionsAndLimitsAreEachNamedWithTheirField() {
        assertThatThrownBy(() -> specs.parse("""
                name: billing
                tools:
                  - builtin: refund
                    policy: {require_approval: "args.amount >", maybe: "true"}
                    rules:
                      - {when: "amount > 100", effect: require_approval}
                      - {when: "args.amount + 1", effect: deny}
                      - {effect: block}
                    timeout: 30 seconds
                    rate_limit: ten per minute
                    max_output: 64 gigabytes
                  - builtin: memory
                    policy: sometimes
                """, false))
                .isInstanceOf(ValidationException.class)
                .satisfies(thrown -> assertThat(((ValidationException) thrown).problems()).anySatisfy(problem ->
                                assertThat(problem).startsWith("tools[0].policy.require_approval: condition \"args.amount >\" is not valid CEL"))
                        .contains("tools[0].policy.maybe: 'maybe' is not one of allow, require_approval, deny",
                                "tools[0].rules[2].effect 'block' is not one of allow, require_approval, deny",
                                "tools[0].timeout '30 seconds' is not a duration like 500ms, 30s, 15m, 2h or 1d",
                                "tools[0].rate_limit 'ten per minute' is not a rate limit like 10/m, 100/h or 20/30s",
                                "tools[0].max_output '64 gigabytes' is not a size like 64KiB, 1MiB or 4096",
                                "tools[1].policy 'sometimes' is not one of allow, require_approval, deny")
                        .anySatisfy(problem -> assertThat(problem).startsWith("tools[0].rules[0].when: ")
                                .contains("undeclared reference to 'amount'"))
                        .anySatisfy(problem -> assertThat(problem).startsWith("tools[0].rules[1].when: ")
                                .contains("expected type 'bool'")));
    }

    @Test
    void clientToolsTakeNoConditionsOrLimitsBecauseTheCallerRunsThem() {
        assertThatThrownBy(() -> specs.parse("""
                name: billing
                tools:
                  - {client: true, name: pick, rules: [{effect: deny}], timeout: 1s, rate_limit: 1/m, max_output: 1KiB}
                """, false))
                .isInstanceOf(ValidationException.class)
                .satisfies(thrown -> assertThat(((ValidationException) thrown).problems()).contains(
                        "tools[0].rules does not apply to a client tool, which Cairn never calls",
                        "tools[0].timeout does not apply to a client tool, which Cairn never calls",
                        "tools[0].rate_limit does not apply to a client tool, which Cairn never calls",
                        "tools[0].max_output does not apply to a client tool, which Cairn never calls"));
    }

    @Test
    void readsServerRulesAndNamesEachBadField() throws Exception {
        List<String> problems = new ArrayList<>();
        List<PolicyRule> rules = PolicySpecs.readServerRules(Json.yaml().readTree("""
                - {tool: "payments.*", effect: require_approval}
                - {name: big-refunds, tool: refund, tenant: acme, agent: "bill*", effect: deny, when: "args.amount > 1000"}
                """), problems);
        assertThat(problems).isEmpty();
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).name()).isEqualTo("tool_policies[0]");
        assertThat(rules.get(0).unconditional()).isTrue();
        assertThat(rules.get(1).name()).isEqualTo("big-refunds");
        assertThat(rules.get(1).when()).isEqualTo("args.amount > 1000");
        assertThat(rules.get(1).covers("refund", "acme", "billing")).isTrue();

        PolicySpecs.readServerRules(Json.yaml().readTree("""
                - {effect: deny}
                - {tool: x, effect: maybe, when: "args.("}
                - {tool: x, effect: deny, colour: red}
                """), problems);
        assertThat(problems).contains("tool_policies[0].tool is required: a tool name or a glob such as payments.*",
                        "tool_policies[1].effect 'maybe' is not one of allow, require_approval, deny",
                        "tool_policies[2].colour is not a known field (known: agent, effect, name, tenant, tool, when)")
                .anySatisfy(problem -> assertThat(problem).startsWith("tool_policies[1].when: condition \"args.(\" is not valid CEL"));
    }
}
