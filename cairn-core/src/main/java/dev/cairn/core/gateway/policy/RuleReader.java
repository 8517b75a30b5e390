package dev.cairn.core.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads one rule of a policy document, adding each problem to the list with the rule's place and
 * name ({@code policies[1] 'eu-only': ...}). Used by {@link PolicyDocuments}; one instance per rule.
 */
final class RuleReader {

    private static final Set<String> RULE_FIELDS = new TreeSet<>(List.of("name", "applies_to", "match", "effect",
            "require_provider", "require_region"));
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private final String where;
    private final JsonNode node;
    private final List<String> problems;

    private RuleReader(String where, JsonNode node, List<String> problems) {
        this.where = where;
        this.node = node;
        this.problems = problems;
    }

    static ModelRule read(String where, JsonNode node, Set<String> names, Set<String> providers,
                          List<String> problems) {
        if (node == null || !node.isObject()) {
            problems.add(where + " must be a rule such as {name: eu-only, match: {model: \"gpt-*\"}, effect: deny}");
            return null;
        }
        String name = node.path("name").isTextual() ? node.path("name").asText() : null;
        RuleReader reader = new RuleReader(name == null ? where : where + " '" + name + "'", node, problems);
        int before = problems.size();
        reader.name(name, names);
        PolicyDocuments.unknownFields(reader.where, node, RULE_FIELDS, problems);
        ModelRule.AppliesTo appliesTo = reader.appliesTo();
        RuleMatch match = reader.match(appliesTo);
        RuleEffect effect = reader.effect(appliesTo, providers);
        return problems.size() == before ? new ModelRule(name, appliesTo, match, effect) : null;
    }

    private void name(String name, Set<String> names) {
        if (name == null) {
            problems.add(where + ": name is required, such as eu-only");
        } else if (!NAME.matcher(name).matches()) {
            problems.add(where + ": name must be 1-64 letters, digits, '.', ':', '_' or '-', starting with a letter"
                    + " or digit");
        } else if (name.equals("default")) {
            problems.add(where + ": name 'default' is kept for decisions no rule made");
        } else if (!names.add(name)) {
            problems.add(where + ": name is used by an earlier rule; rule names must be unique");
        }
    }

    private ModelRule.AppliesTo appliesTo() {
        JsonNode value = node.get("applies_to");
        if (value == null || value.isNull()) {
            return ModelRule.AppliesTo.CALLS;
        }
        for (ModelRule.AppliesTo candidate : ModelRule.AppliesTo.values()) {
            if (candidate.wireName().equals(value.asText()) && value.isTextual()) {
                return candidate;
            }
        }
        problems.add(where + ": applies_to '" + value.asText() + "' is not one of calls, passthrough");
        return ModelRule.AppliesTo.CALLS;
    }

    private RuleMatch match(ModelRule.AppliesTo appliesTo) {
        JsonNode value = node.get("match");
        if (value == null || value.isNull()) {
            return RuleMatch.ANY;
        }
        if (!value.isObject()) {
            problems.add(where + ": match must be a mapping such as {model: \"gpt-*\", tenant: acme}");
            return RuleMatch.ANY;
        }
        List<String> allowed = appliesTo == ModelRule.AppliesTo.PASSTHROUGH ? RuleMatch.CALLER_FIELDS : RuleMatch.FIELDS;
        Map<String, List<String>> fields = new LinkedHashMap<>();
        value.properties().forEach(field -> {
            String key = field.getKey();
            if (!allowed.contains(key)) {
                problems.add(where + ": match." + key + (RuleMatch.FIELDS.contains(key)
                        ? " is not known when pass-through is decided (known: " + String.join(", ", allowed) + ")"
                        : " is not a known field (known: " + String.join(", ", allowed) + ")"));
                return;
            }
            int before = problems.size();
            List<String> globs = strings("match." + key, field.getValue());
            if (globs.isEmpty() && problems.size() == before) {
                problems.add(where + ": match." + key + " must list at least one pattern; leave it out to match any");
            }
            for (String glob : globs) {
                Glob.problem(glob).ifPresent(problem -> problems.add(where + ": match." + key + ": " + problem));
            }
            fields.put(key, globs);
        });
        return RuleMatch.of(fields);
    }

    private RuleEffect effect(ModelRule.AppliesTo appliesTo, Set<String> providers) {
        JsonNode effect = node.get("effect");
        boolean requires = node.has("require_provider") || node.has("require_region");
        if (effect != null && requires) {
            problems.add(where + ": write either effect or require_provider/require_region, not both");
            return RuleEffect.DENY;
        }
        if (requires) {
            if (appliesTo == ModelRule.AppliesTo.PASSTHROUGH) {
                problems.add(where + ": a passthrough rule may only have effect allow or deny");
                return RuleEffect.DENY;
            }
            return requirement(providers);
        }
        if (effect == null || effect.isNull()) {
            problems.add(where + ": effect is required: allow or deny, or require_provider/require_region");
            return RuleEffect.DENY;
        }
        String text = effect.isTextual() ? effect.asText() : effect.toString();
        return switch (text) {
            case "allow" -> RuleEffect.ALLOW;
            case "deny" -> RuleEffect.DENY;
            default -> {
                problems.add(where + ": effect '" + text + "' is not one of allow, deny (constraints are written"
                        + " require_provider: [...] or require_region: [...])");
                yield RuleEffect.DENY;
            }
        };
    }

    private RuleEffect requirement(Set<String> providers) {
        List<String> required = required("require_provider", "provider");
        List<String> regions = required("require_region", "region");
        if (providers != null) {
            for (String provider : required) {
                if (!providers.contains(provider)) {
                    problems.add(where + ": require_provider names '" + provider + "', which is not a configured"
                            + " provider (configured: " + String.join(", ", new TreeSet<>(providers)) + ")");
                }
            }
        }
        return required.isEmpty() && regions.isEmpty() ? RuleEffect.DENY : new RuleEffect.Require(required, regions);
    }

    /** A require list: absent is empty; present must name at least one. */
    private List<String> required(String key, String what) {
        JsonNode value = node.get(key);
        if (value == null) {
            return List.of();
        }
        int before = problems.size();
        List<String> names = strings(key, value);
        if (names.isEmpty() && problems.size() == before) {
            problems.add(where + ": " + key + " must list at least one " + what);
        }
        for (String name : names) {
            if (name.isBlank()) {
                problems.add(where + ": " + key + " holds an empty " + what + " name");
            }
        }
        return names;
    }

    /** A string or a list of strings. */
    private List<String> strings(String key, JsonNode value) {
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        if (value.isArray()) {
            List<String> texts = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    problems.add(where + ": " + key + " must hold strings, got " + item);
                    return List.of();
                }
                texts.add(item.asText());
            }
            return texts;
        }
        problems.add(where + ": " + key + " must be a string or a list of strings, got " + value);
        return List.of();
    }
}
