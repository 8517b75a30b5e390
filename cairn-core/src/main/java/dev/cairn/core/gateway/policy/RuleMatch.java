package dev.cairn.core.gateway.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which model calls a rule is about: for each fact of a call, the globs one of which its value
 * must match ({@link Glob}). An empty list places no condition on that fact. A non-empty list
 * never matches an empty value: a rule naming classifications is not about sessions without one,
 * and a rule naming users is not about calls without a user.
 *
 * @param models          globs over the target's model ({@code gpt-*}), the model family
 * @param providers       globs over the target's provider name
 * @param tenants         globs over the caller's tenant id
 * @param agents          globs over the calling agent's name
 * @param users           globs over the session's user id
 * @param classifications globs over the session's {@code metadata.classification}
 */
public record RuleMatch(List<String> models, List<String> providers, List<String> tenants, List<String> agents,
                        List<String> users, List<String> classifications) {

    /** Matches every call. */
    public static final RuleMatch ANY = new RuleMatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    /** The fields of {@code match:} in a rule, in the order the canonical document writes them. */
    static final List<String> FIELDS = List.of("model", "provider", "tenant", "agent", "user", "classification");

    /** The fields a pass-through rule may match on: at pass-through nothing else is known yet. */
    static final List<String> CALLER_FIELDS = List.of("tenant", "user");

    public RuleMatch {
        models = List.copyOf(models);
        providers = List.copyOf(providers);
        tenants = List.copyOf(tenants);
        agents = List.copyOf(agents);
        users = List.copyOf(users);
        classifications = List.copyOf(classifications);
    }

    /** Builds a match from its fields by their names in {@link #FIELDS}; absent fields place no condition. */
    static RuleMatch of(Map<String, List<String>> fields) {
        Objects.requireNonNull(fields, "fields");
        return new RuleMatch(fields.getOrDefault("model", List.of()), fields.getOrDefault("provider", List.of()),
                fields.getOrDefault("tenant", List.of()), fields.getOrDefault("agent", List.of()),
                fields.getOrDefault("user", List.of()), fields.getOrDefault("classification", List.of()));
    }

    /** The fields that place a condition, by name, in the order of {@link #FIELDS}. */
    Map<String, List<String>> fields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        put(fields, "model", models);
        put(fields, "provider", providers);
        put(fields, "tenant", tenants);
        put(fields, "agent", agents);
        put(fields, "user", users);
        put(fields, "classification", classifications);
        return fields;
    }

    private static void put(Map<String, List<String>> fields, String name, List<String> globs) {
        if (!globs.isEmpty()) {
            fields.put(name, globs);
        }
    }
}
