package dev.cairn.core.gateway.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.ValidationException;
import dev.cairn.core.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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

    private static final Set<String> DOCUMENT_FIELDS = new TreeSet<>(List.of("default", "rules"));

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

    static void unknownFields(String where, JsonNode node, Set<String> known, List<String> problems) {
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problems.add(where + ": " + field + " is not a known field (known: " + String.join(", ", known) + ")");
            }
        });
    }
}
