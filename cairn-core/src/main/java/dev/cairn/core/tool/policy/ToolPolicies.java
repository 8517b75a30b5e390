package dev.cairn.core.tool.policy;

import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.agent.ToolRule;
import dev.cairn.core.tool.Tool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A server's tool policy: its own rules ({@code tool_policies} in {@code cairn.yaml}), the
 * validator of tool inputs, and the rate limiter every agent's calls count against. It makes the
 * {@link ToolGuard} of each tool of an agent. Immutable apart from the limiter's counts; thread-safe.
 */
public final class ToolPolicies {

    /** No server rules, no input validation, rate limits counted against the system clock. */
    public static final ToolPolicies NONE = create(List.of(), InputValidator.NONE, Clock.systemUTC());

    private final List<PolicyRule> serverRules;
    private final InputValidator validator;
    private final RateLimiter limiter;

    private ToolPolicies(List<PolicyRule> serverRules, InputValidator validator, RateLimiter limiter) {
        this.serverRules = List.copyOf(serverRules);
        this.validator = Objects.requireNonNull(validator, "validator");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    /**
     * @param serverRules rules over every agent's tools (see {@link PolicySpecs#readServerRules})
     * @param validator   checks call arguments against tools' input schemas
     * @param clock       the time rate limits count in
     */
    public static ToolPolicies create(List<PolicyRule> serverRules, InputValidator validator, Clock clock) {
        return new ToolPolicies(serverRules, validator, new RateLimiter(clock));
    }

    public List<PolicyRule> serverRules() {
        return serverRules;
    }

    /**
     * The guard of {@code tool}, made by the tools entry {@code entry} (null for a tool no entry
     * makes, such as the output reader) of {@code agent} in {@code tenant}. Its rules are the
     * entry's policy word ({@code tools[i].policy}), the entry's conditional rules, then the
     * server rules that cover the tool, agent and tenant.
     *
     * @param entryIndex the entry's position in the agent's {@code tools} list
     * @throws IllegalArgumentException when a stored condition no longer compiles
     */
    public ToolGuard guard(String tenant, String agent, int entryIndex, ToolEntry entry, Tool tool) {
        String name = tool.definition().name();
        List<PolicyRule> rules = new ArrayList<>();
        ToolLimits limits = ToolLimits.DEFAULT;
        if (entry != null) {
            if (entry.policy() != null) {
                rules.add(new PolicyRule("tools[" + entryIndex + "].policy", name, null, null,
                        PolicyEffect.parse(entry.policy()).orElseThrow(), null));
            }
            for (ToolRule rule : entry.rules()) {
                rules.add(new PolicyRule(rule.source(), name, null, null, PolicyEffect.parse(rule.effect()).orElseThrow(),
                        rule.when() == null ? null : PolicyConditions.compile(rule.when())));
            }
            limits = ToolLimits.of(entry);
        }
        for (PolicyRule rule : serverRules) {
            if (rule.covers(name, tenant, agent)) {
                rules.add(rule);
            }
        }
        return new ToolGuard(name, agent, tenant, rules, validator.compile(tool.definition().inputSchema()), limits, limiter);
    }
}
