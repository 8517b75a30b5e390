package dev.cairn.core.gateway.policy;

import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.PolicyDecision;
import java.util.List;
import java.util.function.Predicate;

/**
 * One policy version with its globs compiled, deciding calls and pass-through as
 * {@link PolicyDocument} describes. Immutable and thread-safe.
 */
final class PolicyEvaluator {

    /** A rule with the patterns of its match compiled, in the order of {@link RuleMatch}'s fields. */
    private record CompiledRule(ModelRule rule, List<Predicate<String>> models, List<Predicate<String>> providers,
                                List<Predicate<String>> tenants, List<Predicate<String>> agents,
                                List<Predicate<String>> users, List<Predicate<String>> classifications) {

        static CompiledRule of(ModelRule rule) {
            RuleMatch match = rule.match();
            return new CompiledRule(rule, compile(match.models()), compile(match.providers()), compile(match.tenants()),
                    compile(match.agents()), compile(match.users()), compile(match.classifications()));
        }

        private static List<Predicate<String>> compile(List<String> globs) {
            return globs.stream().map(Glob::compile).toList();
        }

        boolean matches(CallSubject subject, CallTarget target) {
            return matchesCaller(subject.tenantId(), subject.userId()) && any(models, target.model())
                    && any(providers, target.provider()) && any(agents, subject.agent())
                    && any(classifications, subject.classification());
        }

        boolean matchesCaller(String tenantId, String userId) {
            return any(tenants, tenantId) && any(users, userId);
        }

        private static boolean any(List<Predicate<String>> patterns, String value) {
            if (patterns.isEmpty()) {
                return true;
            }
            if (value == null || value.isEmpty()) {
                return false;
            }
            for (Predicate<String> pattern : patterns) {
                if (pattern.test(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final long version;
    private final PolicyDocument document;
    private final List<CompiledRule> callRules;
    private final List<CompiledRule> passThroughRules;

    PolicyEvaluator(long version, PolicyDocument document) {
        this.version = version;
        this.document = document;
        this.callRules = compiled(document, ModelRule.AppliesTo.CALLS);
        this.passThroughRules = compiled(document, ModelRule.AppliesTo.PASSTHROUGH);
    }

    private static List<CompiledRule> compiled(PolicyDocument document, ModelRule.AppliesTo appliesTo) {
        return document.rules().stream().filter(rule -> rule.appliesTo() == appliesTo).map(CompiledRule::of).toList();
    }

    long version() {
        return version;
    }

    PolicyDocument document() {
        return document;
    }

    PolicyDecision decide(CallSubject subject, CallTarget target) {
        ModelRule failed = null;
        String failure = null;
        ModelRule met = null;
        ModelRule allowed = null;
        for (CompiledRule compiled : callRules) {
            if (!compiled.matches(subject, target)) {
                continue;
            }
            ModelRule rule = compiled.rule();
            switch (rule.effect()) {
                case RuleEffect.Deny deny -> {
                    return refused(rule, "rule " + rule.name() + " denies this call: " + describe(subject, target));
                }
                case RuleEffect.Require require -> {
                    String unmet = unmet(require, target);
                    if (unmet == null && met == null) {
                        met = rule;
                    } else if (unmet != null && failed == null) {
                        failed = rule;
                        failure = "rule " + rule.name() + " " + unmet;
                    }
                }
                case RuleEffect.Allow allow -> allowed = allowed == null ? rule : allowed;
            }
        }
        if (failed != null) {
            return refused(failed, failure);
        }
        if (met != null) {
            return new PolicyDecision(true, version, met.name(), "rule " + met.name() + " is met by " + name(target));
        }
        if (allowed != null) {
            return new PolicyDecision(true, version, allowed.name(), "rule " + allowed.name() + " allows " + name(target));
        }
        return document.allowsByDefault()
                ? new PolicyDecision(true, version, "default", "no rule matched; policy_default is allow")
                : new PolicyDecision(false, version, "default", "no rule allows this call and policy_default is deny: "
                + describe(subject, target));
    }

    PolicyDecision passThrough(String tenantId, String userId) {
        ModelRule allowed = null;
        for (CompiledRule compiled : passThroughRules) {
            if (!compiled.matchesCaller(tenantId, userId)) {
                continue;
            }
            ModelRule rule = compiled.rule();
            if (rule.effect() instanceof RuleEffect.Deny) {
                return refused(rule, "rule " + rule.name() + " keeps stateless pass-through off for tenant '" + tenantId
                        + "'" + (userId == null || userId.isEmpty() ? "" : " and user '" + userId + "'"));
            }
            allowed = allowed == null ? rule : allowed;
        }
        if (allowed != null) {
            return new PolicyDecision(true, version, allowed.name(), "rule " + allowed.name()
                    + " turns stateless pass-through on");
        }
        return new PolicyDecision(false, version, "default",
                "stateless pass-through is off: no policy rule turns it on for tenant '" + tenantId + "'");
    }

    private PolicyDecision refused(ModelRule rule, String message) {
        return new PolicyDecision(false, version, rule.name(), message);
    }

    /** What of {@code require} the target fails, as the end of a sentence, or null when it meets it. */
    private static String unmet(RuleEffect.Require require, CallTarget target) {
        if (!require.providers().isEmpty() && !require.providers().contains(target.provider())) {
            return "requires provider " + String.join(" or ", require.providers()) + "; target " + name(target)
                    + " is not";
        }
        if (!require.regions().isEmpty() && target.region().isEmpty()) {
            return "requires region " + String.join(" or ", require.regions()) + "; target " + name(target)
                    + " names no region";
        }
        if (!require.regions().isEmpty() && !require.regions().contains(target.region())) {
            return "requires region " + String.join(" or ", require.regions()) + "; target " + name(target)
                    + " is in " + target.region();
        }
        return null;
    }

    private static String name(CallTarget target) {
        return target.provider() + "/" + target.model();
    }

    private static String describe(CallSubject subject, CallTarget target) {
        StringBuilder text = new StringBuilder("target ").append(name(target)).append(" for tenant '")
                .append(subject.tenantId()).append("', agent '").append(subject.agent()).append("'");
        if (!subject.classification().isEmpty()) {
            text.append(", classification '").append(subject.classification()).append("'");
        }
        return text.toString();
    }
}
