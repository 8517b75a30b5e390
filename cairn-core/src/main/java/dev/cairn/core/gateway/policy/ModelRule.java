package dev.cairn.core.gateway.policy;

import java.util.Objects;

/**
 * One named rule of the model-call policy.
 *
 * @param name      how decisions, refusals and the ledger name it; unique in its document
 * @param appliesTo whether it is about model calls or about who may use stateless pass-through
 * @param match     which calls (or callers) it is about
 * @param effect    what it does to them; a pass-through rule only allows or denies
 */
public record ModelRule(String name, AppliesTo appliesTo, RuleMatch match, RuleEffect effect) {

    /** What a rule is about. */
    public enum AppliesTo {
        /** Model calls, whether made by runs or through pass-through. */
        CALLS("calls"),
        /** Who may use stateless pass-through at all ({@code ModelPolicy.passThrough}). */
        PASSTHROUGH("passthrough");

        private final String wireName;

        AppliesTo(String wireName) {
            this.wireName = wireName;
        }

        /** As written in {@code applies_to}. */
        public String wireName() {
            return wireName;
        }
    }

    public ModelRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(appliesTo, "appliesTo");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(effect, "effect");
        if (appliesTo == AppliesTo.PASSTHROUGH && effect instanceof RuleEffect.Require) {
            throw new IllegalArgumentException("pass-through rule '" + name + "' may only allow or deny");
        }
    }
}
