package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.gateway.policy.ModelRule;
import dev.cairn.core.gateway.policy.PolicyDocument;
import dev.cairn.core.gateway.policy.RuleEffect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policies} and {@code policy_default} in cairn.yaml: read into one document, bad rules named at start. */
class ModelPolicyConfigTest {

    private static final String PROVIDERS = """
            providers:
              - {name: azure-eu, type: scripted}
              - {name: local, type: scripted}
            """;

    @TempDir
    Path folder;

    private CairnConfig load(String yaml) throws Exception {
        Path file = folder.resolve("cairn.yaml");
        Files.writeString(file, PROVIDERS + yaml);
        return ConfigLoader.create(Map.of()).load(new ConfigLoader.Overrides(file, null, null, null));
    }

    @Test
    void withoutPoliciesEveryCallIsAllowedAndNothingTurnsPassThroughOn() {
        CairnConfig config = ConfigLoader.create(Map.of()).load(ConfigLoader.Overrides.NONE);

        assertThat(config.policies().document()).isEqualTo(PolicyDocument.EMPTY);
        assertThat(config.policies().source()).isEqualTo("config");
    }

    @Test
    void rulesAndTheDefaultAreReadWithTheFileTheyCameFrom() throws Exception {
        CairnConfig config = load("""
                policy_default: deny
                policies:
                  - name: eu-only
                    match: {model: "gpt-*", classification: [confidential, restricted]}
                    require_provider: [azure-eu]
                  - {name: local-ok, match: {provider: local}, effect: allow}
                  - {name: acme-passthrough, applies_to: passthrough, match: {tenant: acme}, effect: allow}
                """);

        PolicyDocument document = config.policies().document();
        assertThat(document.allowsByDefault()).isFalse();
        assertThat(document.rules()).extracting(ModelRule::name).containsExactly("eu-only", "local-ok", "acme-passthrough");
        assertThat(document.rules().getFirst().effect()).isEqualTo(new RuleEffect.Require(List.of("azure-eu"), List.of()));
        assertThat(document.rules().getFirst().match().classifications()).containsExactly("confidential", "restricted");
        assertThat(document.rules().get(2).appliesTo()).isEqualTo(ModelRule.AppliesTo.PASSTHROUGH);
        assertThat(config.policies().source()).isEqualTo("config:" + folder.resolve("cairn.yaml").toAbsolutePath());
    }

    @Test
    void badRulesFailTheStartNamingEachRule() {
        assertThatThrownBy(() -> load("""
                policy_default: sometimes
                policies:
                  - {name: loose, effect: permit}
                  - {name: nowhere, require_provider: []}
                  - {name: us-only, match: {model: "gpt-*"}, require_provider: [azure-us]}
                  - {name: brackets, match: {model: "gpt-[45]"}, effect: deny}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy_default 'sometimes' is not one of allow, deny")
                .hasMessageContaining("policies[0] 'loose': effect 'permit' is not one of allow, deny")
                .hasMessageContaining("policies[1] 'nowhere': require_provider must list at least one provider")
                .hasMessageContaining("policies[2] 'us-only': require_provider names 'azure-us', which is not a configured"
                        + " provider (configured: azure-eu, local, scripted)")
                .hasMessageContaining("policies[3] 'brackets': match.model: 'gpt-[45]' uses '['");
    }

    @Test
    void theExampleConfigurationKeepsConfidentialSessionsAwayFromOpenAi() {
        Path example = Path.of("..", "examples", "cairn.yaml");
        CairnConfig config = ConfigLoader.create(Map.of("OPENAI_API_KEY", "sk-test"))
                .load(new ConfigLoader.Overrides(example, null, null, null));

        assertThat(config.policies().document().rules()).singleElement().satisfies(rule -> {
            assertThat(rule.name()).isEqualTo("confidential-stays-local");
            assertThat(rule.match().providers()).containsExactly("openai");
            assertThat(rule.effect()).isEqualTo(RuleEffect.DENY);
        });
    }

    @Test
    void policiesMustBeAList() {
        assertThatThrownBy(() -> load("policies: {name: eu-only}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policies must be a list of rules");
    }
}
