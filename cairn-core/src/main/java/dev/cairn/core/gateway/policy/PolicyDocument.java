package dev.cairn.core.gateway.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A whole model-call policy: its rules in the order written and what happens to a call no rule
 * matches. Immutable.
 *
 * <p><b>Calls.</b> Every rule that applies to calls and matches the call applies; the order of
 * rules only picks which rule a decision names when several could. A call is refused when a
 * matching rule denies it (deny wins over everything), or when the target fails a matching
 * require rule (its provider or region is not among those listed; a target that names no region
 * fails every region requirement). Otherwise it is allowed when a require rule or an allow rule
 * matched; and when no rule matched, {@link #defaultEffect} decides, as rule {@code default}.
 * A refusal names the first denying rule, else the first failed requirement; an allowance names
 * the first met requirement, else the first allow rule.
 *
 * <p><b>Pass-through</b> is off unless a matching pass-through rule allows it and none denies it;
 * {@link #defaultEffect} does not turn it on.
 *
 * @param defaultEffect whether a call no rule matches is allowed ({@link RuleEffect#ALLOW}) or denied
 * @param rules         the rules, with names unique in the document
 */
public record PolicyDocument(RuleEffect defaultEffect, List<ModelRule> rules) {

    /** No rules, every call allowed: the policy in force before any is stored. */
    public static final PolicyDocument EMPTY = new PolicyDocument(RuleEffect.ALLOW, List.of());

    public PolicyDocument {
        Objects.requireNonNull(defaultEffect, "defaultEffect");
        if (defaultEffect instanceof RuleEffect.Require) {
            throw new IllegalArgumentException("the default is allow or deny");
        }
        rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (ModelRule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("two rules are named '" + rule.name() + "'");
            }
        }
    }

    /** True when a call no rule matches is allowed. */
    public boolean allowsByDefault() {
        return defaultEffect instanceof RuleEffect.Allow;
    }

    /**
     * The document as JSON in its one canonical form: keys in a fixed order, match fields always
     * lists, no defaults left out. Equal documents give equal text, so the text's hash names the
     * policy, and {@link PolicyDocuments#parse} reads it back to an equal document.
     */
    public ObjectNode toJson() {
        ObjectNode document = Json.object();
        document.put("default", allowsByDefault() ? "allow" : "deny");
        ArrayNode list = document.putArray("rules");
        for (ModelRule rule : rules) {
            ObjectNode node = list.addObject();
            node.put("name", rule.name());
            node.put("applies_to", rule.appliesTo().wireName());
            ObjectNode match = node.putObject("match");
            rule.match().fields().forEach((field, globs) -> globs.forEach(match.withArray(field)::add));
            switch (rule.effect()) {
                case RuleEffect.Allow allow -> node.put("effect", "allow");
                case RuleEffect.Deny deny -> node.put("effect", "deny");
                case RuleEffect.Require require -> {
                    if (!require.providers().isEmpty()) {
                        require.providers().forEach(node.putArray("require_provider")::add);
                    }
                    if (!require.regions().isEmpty()) {
                        require.regions().forEach(node.putArray("require_region")::add);
                    }
                }
            }
        }
        return document;
    }

    /** {@link #toJson()} as compact text: what is stored and hashed. */
    public String canonicalJson() {
        return Json.write(toJson());
    }
}
