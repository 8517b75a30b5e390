package dev.cairn.core.gateway.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.ValidationException;
import dev.cairn.core.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads model-call policies as written in {@code cairn.yaml} ({@code policies} and
 * {@code policy_default}), in an API body or a stored version ({@code {default, rules}}),
 * reporting every problem with the rule it is about ({@code policies[1] 'eu-only': ...}).
 * Stateless and thread-safe.
 *
 * <pre>
 * policy_default: allow                    # or deny: what happens to a call no rule matches
 * policies:
 *   - name: eu-only
 *     match: {model: "gpt-*", classification: [confidential, restricted]}
 *     require_provider: [azure-eu]         # and/or require_region: [westeurope]
 *   - name: no-openai-for-acme
 *     match: {tenant: acme, provider: openai}
 *     effect: deny
 *   - name: passthrough-for-acme
 *     applies_to: passthrough              # who may use stateless pass-through; match on tenant, user
 *     match: {tenant: acme}
 *     effect: allow
 * </pre>
 */
public final class PolicyDocuments {

    private static final Set<String> RULE_FIELDS = new TreeSet<>(List.of("name", "applies_to", "match", "effect",
            "require_provider", "require_region"));
    private static final Set<String> DOCUMENT_FIELDS = new TreeSet<>(List.of("default", "rules"));
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private PolicyDocuments() {
    }

    /**
     * Reads {@code cairn.yaml}'s {@code policies} (a list of rules, or null) and
     * {@code policy_default} ({@code allow}, {@code deny}, or null for allow), adding each problem
     * to {@code problems}.
     *
     * @param providers the configured providers, which {@code require_provider} may name
     * @return the document, or {@link PolicyDocument#EMPTY} when a problem was found
     */
    public static PolicyDocument read(JsonNode rules, JsonNode defaultEffect, Set<String> providers,
                                      List<String> problems) {
        return read(rules, defaultEffect, "policies", "policy_default", providers, problems);
    }

    /**
     * Reads a document {@code {"default": "allow", "rules": [...]}}, as the API takes it.
     *
     * @param providers the configured providers, which {@code require_provider} may name
     * @throws ValidationException naming every bad rule
     */
    public static PolicyDocument parse(JsonNode document, Set<String> providers) {
        List<String> problems = new ArrayList<>();
        PolicyDocument parsed = PolicyDocument.EMPTY;
        if (document == null || !document.isObject()) {
            problems.add("a policy must be an object such as {\"default\": \"allow\", \"rules\": [...]}");
        } else {
            unknownFields("policy", document, DOCUMENT_FIELDS, problems);
            parsed = read(document.get("rules"), document.get("default"), "rules", "default", providers, problems);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException("policy", problems);
        }
        return parsed;
    }

    /**
     * Reads a stored version's document. Its providers are not checked against today's
     * configuration: a past version stays readable after a provider is removed.
     *
     * @throws IllegalArgumentException when the text is not a policy document
     */
    public static PolicyDocument parseStored(String canonicalJson) {
        try {
            List<String> problems = new ArrayList<>();
            JsonNode tree = Json.parse(canonicalJson);
            PolicyDocument parsed = tree != null && tree.isObject()
                    ? read(tree.get("rules"), tree.get("default"), "rules", "default", null, problems) : null;
            if (parsed == null || !problems.isEmpty()) {
                throw new IllegalArgumentException("stored policy does not read: " + String.join("; ", problems));
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored policy is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static PolicyDocument read(JsonNode rulesNode, JsonNode defaultNode, String rulesKey, String defaultKey,
                                       Set<String> providers, List<String> problems) {
        int before = problems.size();
        RuleEffect defaultEffect = RuleEffect.ALLOW;
        if (defaultNode != null && !defaultNode.isNull()) {
            String text = defaultNode.isTextual() ? defaultNode.asText() : defaultNode.toString();
            switch (text) {
                case "allow" -> defaultEffect = RuleEffect.ALLOW;
                case "deny" -> defaultEffect = RuleEffect.DENY;
                default -> problems.add(defaultKey + " '" + text + "' is not one of allow, deny");
            }
        }
        List<ModelRule> rules = new ArrayList<>();
        if (rulesNode != null && !rulesNode.isNull()) {
            if (!rulesNode.isArray()) {
                problems.add(rulesKey + " must be a list of rules such as {name: eu-only, match: {model: \"gpt-*\"},"
                        + " require_provider: [azure-eu]}");
            } else {
                Set<String> names = new HashSet<>();
                for (int index = 0; index < rulesNode.size(); index++) {
                    ModelRule rule = RuleReader.read(rulesKey + "[" + index + "]", rulesNode.get(index), names,
                            providers, problems);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
        }
        return problems.size() == before ? new PolicyDocument(defaultEffect, rules) : PolicyDocument.EMPTY;
    }

    /** Reads one rule; null when it has a problem. */
    private static final class RuleReader {

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
            unknownFields(reader.where, node, RULE_FIELDS, problems);
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
                List<String> required = required("require_provider", "provider");
                List<String> regions = required("require_region", "region");
                if (providers != null) {
                    for (String provider : required) {
                        if (!providers.contains(provider)) {
                            problems.add(where + ": require_provider names '" + provider
                                    + "', which is not a configured provider (configured: "
                                    + String.join(", ", new TreeSet<>(providers)) + ")");
                        }
                    }
                }
                return required.isEmpty() && regions.isEmpty() ? RuleEffect.DENY : new RuleEffect.Require(required, regions);
            }
            if (effect == null || effect.isNull()) {
                problems.add(where + ": effect is required: allow or deny, or require_provider/require_region");
                return RuleEffect.DENY;
            }
            return switch (effect.isTextual() ? effect.asText() : effect.toString()) {
                case "allow" -> RuleEffect.ALLOW;
                case "deny" -> RuleEffect.DENY;
                default -> {
                    problems.add(where + ": effect '" + (effect.isTextual() ? effect.asText() : effect.toString())
                            + "' is not one of allow, deny (constraints are written require_provider: [...]"
                            + " or require_region: [...])");
                    yield RuleEffect.DENY;
                }
            };
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

    private static void unknownFields(String where, JsonNode node, Set<String> known, List<String> problems) {
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problems.add(where + ": " + field + " is not a known field (known: " + String.join(", ", known) + ")");
            }
        });
    }
}
