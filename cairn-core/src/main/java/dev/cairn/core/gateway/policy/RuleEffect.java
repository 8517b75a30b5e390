package dev.cairn.core.gateway.policy;

import java.util.List;

/**
 * What a rule does to the calls it matches. Every matching rule applies: a {@link Deny} refuses
 * the call, a {@link Require} refuses it unless the target meets it, and an {@link Allow} allows
 * it when nothing else refuses it. See {@link PolicyDocument} for how they combine.
 */
public sealed interface RuleEffect {

    /** Allows matching calls (for pass-through rules: turns pass-through on). */
    record Allow() implements RuleEffect {
    }

    /** Refuses matching calls (for pass-through rules: keeps pass-through off). */
    record Deny() implements RuleEffect {
    }

    /**
     * Allows matching calls only to targets of one of {@code providers} (when not empty) whose
     * region is one of {@code regions} (when not empty); at least one of the lists is not empty.
     */
    record Require(List<String> providers, List<String> regions) implements RuleEffect {
        public Require {
            providers = List.copyOf(providers);
            regions = List.copyOf(regions);
            if (providers.isEmpty() && regions.isEmpty()) {
                throw new IllegalArgumentException("a require effect names at least one provider or region");
            }
        }
    }

    RuleEffect ALLOW = new Allow();
    RuleEffect DENY = new Deny();
}
