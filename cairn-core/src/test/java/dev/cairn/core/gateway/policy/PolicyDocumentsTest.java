package dev.cairn.core.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.ValidationException;
import dev.cairn.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Policies read from YAML or JSON: every problem reported with its rule, and one canonical form. */
class PolicyDocumentsTest {

    private static final Set<String> PROVIDERS = Set.of("openai", "azure-eu");

    private static JsonNode yaml(String text) {
        try {
            return Json.yaml().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> problems(String yaml) {
        try {
            PolicyDocuments.parse(yaml(yaml), PROVIDERS);
        } catch (ValidationException e) {
            return e.problems();
        }
        throw new AssertionError("the policy was accepted:\n" + yaml);
    }

    @Test
    void everyBadRuleIsNamedInOneFailure() {
        List<String> problems = problems("""
                default: maybe
                rules:
                  - {name: loose, effect: permit}
                  - {name: nowhere, require_provider: []}
                  - {name: elsewhere, require_provider: [azure-us]}
                  - {name: brackets, match: {model: "gpt-[45]*"}, effect: deny}
                  - {name: blank, match: {model: ""}, effect: deny}
                  - {name: loose, effect: deny}
                  - {effect: deny}
                  - {name: both, effect: allow, require_region: [westeurope]}
                  - {name: pt-model, applies_to: passthrough, match: {model: "gpt-*"}, effect: allow}
                  - {name: pt-require, applies_to: passthrough, require_provider: [openai]}
                  - {name: odd-field, match: {team: red}, effect: deny}
                  - {name: no-effect}
                  - {name: empty-list, match: {tenant: []}, effect: deny}
                  - {name: default, effect: allow}
                  - {name: sideways, applies_to: everything, effect: allow}
                """);

        assertThat(problems).containsExactly(
                "default 'maybe' is not one of allow, deny",
                "rules[0] 'loose': effect 'permit' is not one of allow, deny (constraints are written"
                        + " require_provider: [...] or require_region: [...])",
                "rules[1] 'nowhere': require_provider must list at least one provider",
                "rules[2] 'elsewhere': require_provider names 'azure-us', which is not a configured provider"
                        + " (configured: azure-eu, openai)",
                "rules[3] 'brackets': match.model: 'gpt-[45]*' uses '[', which globs here do not support (only * and ?);"
                        + " list several patterns instead",
                "rules[4] 'blank': match.model: an empty pattern matches nothing; use \"*\" for any value",
                "rules[5] 'loose': name is used by an earlier rule; rule names must be unique",
                "rules[6]: name is required, such as eu-only",
                "rules[7] 'both': write either effect or require_provider/require_region, not both",
                "rules[8] 'pt-model': match.model is not known when pass-through is decided (known: tenant, user)",
                "rules[9] 'pt-require': a passthrough rule may only have effect allow or deny",
                "rules[10] 'odd-field': match.team is not a known field (known: model, provider, tenant, agent, user,"
                        + " classification)",
                "rules[11] 'no-effect': effect is required: allow or deny, or require_provider/require_region",
                "rules[12] 'empty-list': match.tenant must list at least one pattern; leave it out to match any",
                "rules[13] 'default': name 'default' is kept for decisions no rule made",
                "rules[14] 'sideways': applies_to 'everything' is not one of calls, passthrough");
    }

    @Test
    void unknownDocumentKeysAndNonListsAreRefused() {
        assertThat(problems("{rules: {name: x}, extra: 1}")).containsExactly(
                "policy: extra is not a known field (known: default, rules)",
                "rules must be a list of rules such as {name: eu-only, match: {model: \"gpt-*\"},"
                        + " require_provider: [azure-eu]}");
        assertThatThrownBy(() -> PolicyDocuments.parse(Json.object().textNode("x"), PROVIDERS))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void configurationReadingAddsProblemsUnderItsOwnKeys() {
        List<String> problems = new ArrayList<>();
        PolicyDocument read = PolicyDocuments.read(yaml("[{name: x, effect: nope}]"), yaml("sometimes"), PROVIDERS,
                problems);

        assertThat(read).isEqualTo(PolicyDocument.EMPTY);
        assertThat(problems).containsExactly("policy_default 'sometimes' is not one of allow, deny",
                "policies[0] 'x': effect 'nope' is not one of allow, deny (constraints are written require_provider:"
                        + " [...] or require_region: [...])");
    }

    @Test
    void oneMeaningHasOneCanonicalTextThatReadsBackToTheSameDocument() {
        PolicyDocument written = PolicyDocuments.parse(yaml("""
                rules:
                  - match: {classification: confidential, model: "gpt-*"}
                    require_provider: azure-eu
                    name: eu-only
                  - {name: pt, applies_to: passthrough, effect: allow, match: {tenant: acme}}
                """), PROVIDERS);
        PolicyDocument reordered = PolicyDocuments.parse(yaml("""
                default: allow
                rules:
                  - name: eu-only
                    applies_to: calls
                    match: {model: ["gpt-*"], classification: [confidential]}
                    require_provider: [azure-eu]
                  - {name: pt, applies_to: passthrough, match: {tenant: [acme]}, effect: allow}
                """), PROVIDERS);

        assertThat(written.canonicalJson()).isEqualTo(reordered.canonicalJson()).isEqualTo(
                "{\"default\":\"allow\",\"rules\":[{\"name\":\"eu-only\",\"applies_to\":\"calls\",\"match\":"
                        + "{\"model\":[\"gpt-*\"],\"classification\":[\"confidential\"]},\"require_provider\":[\"azure-eu\"]},"
                        + "{\"name\":\"pt\",\"applies_to\":\"passthrough\",\"match\":{\"tenant\":[\"acme\"]},"
                        + "\"effect\":\"allow\"}]}");
        assertThat(PolicyDocuments.parseStored(written.canonicalJson())).isEqualTo(written);
        assertThat(PolicyDocuments.parse(yaml("rules: []"), PROVIDERS)).isEqualTo(PolicyDocument.EMPTY);
    }

    @Test
    void aStoredVersionReadsEvenWhenItsProviderIsNoLongerConfigured() {
        String stored = PolicyDocuments.parse(yaml("rules: [{name: eu, require_provider: [azure-eu]}]"), PROVIDERS)
                .canonicalJson();

        assertThat(PolicyDocuments.parseStored(stored).rules()).singleElement()
                .satisfies(rule -> assertThat(rule.effect()).isEqualTo(new RuleEffect.Require(List.of("azure-eu"),
                        List.of())));
        assertThatThrownBy(() -> PolicyDocuments.parse(yaml("rules: [{name: eu, require_provider: [azure-eu]}]"),
                Set.of("openai"))).isInstanceOf(ValidationException.class).hasMessageContaining("'eu'");
        assertThatThrownBy(() -> PolicyDocuments.parseStored("{\"rules\": 3}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyDocuments.parseStored("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
