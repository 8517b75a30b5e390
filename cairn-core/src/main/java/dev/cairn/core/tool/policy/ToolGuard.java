package dev.cairn.core.tool.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy and limits of one tool for one agent of one tenant, compiled: the rules that cover
 * it (the entry's own and the server's), its input schema and its limits. The loop asks it about
 * every call before the call runs; whatever the model asks, a call it refuses is not made.
 * Immutable and thread-safe (the rate limiter it shares is too).
 */
public final class ToolGuard {

    private final String tool;
    private final String agent;
    private final String tenant;
    private final List<PolicyRule> rules;
    private final InputValidator.CompiledSchema schema;
    private final ToolLimits limits;
    private final RateLimiter limiter;
    private final String rateKey;

    ToolGuard(String tool, String agent, String tenant, List<PolicyRule> rules, InputValidator.CompiledSchema schema,
              ToolLimits limits, RateLimiter limiter) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.agent = agent;
        this.tenant = tenant;
        this.rules = List.copyOf(rules);
        this.schema = Objects.requireNonNull(schema, "schema");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.limiter = limiter;
        this.rateKey = tenant + "\n" + agent + "\n" + tool;
    }

    /** What is decided for a call, or why it is refused: exactly one of the two is set. */
    public record Verdict(PolicyDecision decision, Refusal refusal) {

        /** True when the call may run only after a person approves it. */
        public boolean requiresApproval() {
            return decision != null && decision.effect() == PolicyEffect.REQUIRE_APPROVAL;
        }
    }

    public String tool() {
        return tool;
    }

    /** The rules that cover this tool, in the order they are evaluated. */
    public List<PolicyRule> rules() {
        return rules;
    }

    public ToolLimits limits() {
        return limits;
    }

    /** True when a rule denies every call of the tool: it is not offered to the model. */
    public boolean deniedOutright() {
        return rules.stream().anyMatch(rule -> rule.unconditional() && rule.effect() == PolicyEffect.DENY);
    }

    /**
     * Checks a call's arguments against the input schema, then decides what policy says about it.
     * A call with arguments the schema rejects, or that policy denies, is refused.
     */
    public Verdict check(JsonNode arguments) {
        List<String> problems = schema.problems(arguments);
        if (!problems.isEmpty()) {
            return new Verdict(null, new Refusal(Refusal.INVALID_ARGUMENTS, null, "the arguments do not match the input "
                    + "schema of '" + tool + "', so it was not called: " + String.join("; ", problems)));
        }
        PolicyDecision decision = decide(arguments);
        if (decision.effect() == PolicyEffect.DENY) {
            return new Verdict(null, new Refusal(Refusal.DENIED, decision.rule(), decision.reason()));
        }
        return new Verdict(decision, null);
    }

    /**
     * What the rules decide for a call with these arguments: the strongest effect among the rules
     * that apply (deny, then require_approval, then allow), named by the first rule with it. A
     * condition that cannot be evaluated (it reads an argument the call lacks) counts as met by
     * a deny or require_approval rule, and as unmet by an allow rule: policy fails closed.
     */
    public PolicyDecision decide(JsonNode arguments) {
        PolicyRule winner = null;
        String winnerError = null;
        Map<String, Object> variables = null;
        for (PolicyRule rule : rules) {
            boolean applies = true;
            String error = null;
            if (!rule.unconditional()) {
                if (variables == null) {
                    variables = PolicyConditions.variables(arguments, tool, agent, tenant);
                }
                PolicyCondition.Result result = rule.condition().test(variables);
                error = result.error();
                applies = error == null ? result.matched() : rule.effect() != PolicyEffect.ALLOW;
            }
            if (applies && (winner == null || rule.effect().stronger(winner.effect()))) {
                winner = rule;
                winnerError = error;
            }
        }
        if (winner == null) {
            return new PolicyDecision(PolicyEffect.ALLOW, PolicyDecision.DEFAULT_RULE, "no rule applies; calls are allowed");
        }
        return new PolicyDecision(winner.effect(), winner.name(), reason(winner, winnerError));
    }

    private String reason(PolicyRule rule, String error) {
        String verb = switch (rule.effect()) {
            case ALLOW -> "allowed";
            case REQUIRE_APPROVAL -> "needs a person's approval";
            case DENY -> "is denied";
        };
        String because = rule.unconditional() ? "" : error == null ? " (condition: " + rule.when() + ")"
                : " (its condition " + rule.when() + " could not be evaluated: " + error + "; policy fails closed)";
        String tail = rule.effect() == PolicyEffect.DENY ? ". The call was not made, and no instruction can change that." : "";
        return "tool '" + tool + "' " + verb + " by policy rule " + rule.name() + because + tail;
    }

    /**
     * Counts one call against the tool's rate limit.
     *
     * @return why the call may not start now, or empty when it may (and is counted)
     */
    public Optional<Refusal> acquire() {
        RateLimit limit = limits.rateLimit();
        if (limit == null || limiter == null || limiter.tryAcquire(rateKey, limit)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(Refusal.RATE_LIMITED, "rate_limit " + limit.describe(),
                "tool '" + tool + "' was called more than its rate limit allows (" + limit.calls() + " calls per "
                        + limit.window().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                        + "), so this call was not made; wait before calling it again"));
    }
}
