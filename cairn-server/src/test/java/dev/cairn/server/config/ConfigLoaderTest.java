package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path folder;

    private CairnConfig load(String yaml, Map<String, String> environment, ConfigLoader.Overrides overrides) throws Exception {
        Path file = folder.resolve("cairn.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.create(environment).load(new ConfigLoader.Overrides(file, overrides.port(), overrides.dataDir(),
                overrides.host()));
    }

    @Test
    void defaultsNeedNoFileAndAlwaysOfferTheScriptedModel() {
        CairnConfig config = ConfigLoader.create(Map.of()).load(ConfigLoader.Overrides.NONE);
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.sqliteFile()).isEqualTo(Path.of("cairn-data", "cairn.db"));
        assertThat(config.providers()).extracting(ProviderConfig::name).containsExactly("scripted");
        assertThat(config.routes()).containsKeys("scripted", "default");
        assertThat(config.lease()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void circuitBreakersAreSetByTheFileAndBadValuesAreNamed() throws Exception {
        assertThat(ConfigLoader.create(Map.of()).load(ConfigLoader.Overrides.NONE).breakers())
                .isEqualTo(dev.cairn.core.route.TargetBreakers.Settings.DEFAULTS);
        CairnConfig config = load("breakers: {failure_rate: 25, window: 40, minimum_calls: 10, open_for: 2m, trial_calls: 3}\n",
                Map.of(), ConfigLoader.Overrides.NONE);
        assertThat(config.breakers()).isEqualTo(new dev.cairn.core.route.TargetBreakers.Settings(25, 40, 10,
                Duration.ofMinutes(2), 3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> load(
                        "breakers: {failure_rate: 0, window: many, open_for: soon, trip: 3}\n", Map.of(), ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("breakers.failure_rate must be a whole number from 1 to 100, got 0")
                .hasMessageContaining("breakers.window must be a whole number from 1 to 10000")
                .hasMessageContaining("breakers.open_for 'soon' is not a duration")
                .hasMessageContaining("breakers.trip is not a known key");
    }

    @Test
    void optionsWinOverTheEnvironmentWhichWinsOverTheFile() throws Exception {
        String yaml = "listen: {port: 9000, host: 0.0.0.0}\ndata: ./from-file\nruns: {lease: 3s}\n";
        CairnConfig fromFile = load(yaml, Map.of(), ConfigLoader.Overrides.NONE);
        assertThat(fromFile.port()).isEqualTo(9000);
        assertThat(fromFile.lease()).isEqualTo(Duration.ofSeconds(3));
        CairnConfig fromEnv = load(yaml, Map.of("CAIRN_PORT", "9100", "CAIRN_DATA", "env-data", "CAIRN_LEASE", "2s"),
                ConfigLoader.Overrides.NONE);
        assertThat(fromEnv.port()).isEqualTo(9100);
        assertThat(fromEnv.dataDir()).isEqualTo(Path.of("env-data"));
        assertThat(fromEnv.lease()).isEqualTo(Duration.ofSeconds(2));
        CairnConfig fromOptions = load(yaml, Map.of("CAIRN_PORT", "9100"),
                new ConfigLoader.Overrides(null, 9200, Path.of("opt-data"), null));
        assertThat(fromOptions.port()).isEqualTo(9200);
        assertThat(fromOptions.dataDir()).isEqualTo(Path.of("opt-data"));
    }

    @Test
    void providersAndRoutesAreReadAndSecretsComeFromTheEnvironment() throws Exception {
        CairnConfig config = load("""
                providers:
                  - {name: openai, type: openai, api_key: "env:MY_KEY", wire_api: responses}
                  - {name: claude, type: anthropic, api_key: "env:MY_KEY"}
                routes:
                  default: {targets: [{provider: openai, model: gpt-x}], context_tokens: 32000, max_output_tokens: 500}
                """, Map.of("MY_KEY", "sk-123"), ConfigLoader.Overrides.NONE);
        assertThat(config.providers()).extracting(ProviderConfig::name).containsExactly("openai", "claude", "scripted");
        assertThat(config.routes().get("default").targets()).containsExactly(new RouteConfig.Target("openai", "gpt-x"));
        assertThat(ConfigLoader.create(Map.of("MY_KEY", "sk-123")).resolveSecret("env:MY_KEY")).isEqualTo("sk-123");
    }

    @Test
    void bedrockAndOllamaProvidersRegionsAndTargetTimeoutsAreRead() throws Exception {
        CairnConfig config = load("""
                providers:
                  - {name: aws, type: bedrock, region: us-east-1, access_key_id: "env:AWS_KEY_ID",
                     secret_access_key: "env:AWS_SECRET", session_token: "env:AWS_TOKEN", timeout: 90s}
                  - {name: aws-default-chain, type: bedrock, region: eu-central-1}
                  - {name: local, type: ollama, base_url: "http://127.0.0.1:11434", region: on-prem}
                  - {name: azure, type: openai, api_key: "env:AWS_KEY_ID", base_url: "https://x.openai.azure.com/openai/v1",
                     region: swedencentral}
                routes:
                  default: {targets: [{provider: azure, model: gpt-4o, timeout: 20s}, {provider: local, model: llama3.2}]}
                """, Map.of("AWS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET", "secret-value", "AWS_TOKEN", "token-value"),
                ConfigLoader.Overrides.NONE);

        assertThat(config.providers()).extracting(ProviderConfig::type)
                .containsExactly("bedrock", "bedrock", "ollama", "openai", "scripted");
        assertThat(config.providers().get(0).region()).isEqualTo("us-east-1");
        assertThat(config.providers().get(0).secretAccessKey()).isEqualTo("env:AWS_SECRET");
        assertThat(config.providers().get(1).accessKeyId()).isNull();
        assertThat(config.providers().get(3).region()).isEqualTo("swedencentral");
        assertThat(config.routes().get("default").targets()).containsExactly(
                new RouteConfig.Target("azure", "gpt-4o", "20s"), new RouteConfig.Target("local", "llama3.2"));
    }

    @Test
    void theExampleConfigurationWithItsCommentedProvidersTurnedOnLoads() throws Exception {
        String example = Files.readString(Path.of("..", "examples", "cairn.yaml"))
                .replace("  # - {name: aws,", "  - {name: aws,").replace("  #    secret_access_key", "     secret_access_key")
                .replace("  # - {name: ollama,", "  - {name: ollama,")
                .replace("  # - {name: azure,", "  - {name: azure,").replace("  #    base_url", "     base_url")
                .replace("      # - {provider: aws,", "      - {provider: aws,");
        CairnConfig config = load(example, Map.of("OPENAI_API_KEY", "sk-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret", "AZURE_OPENAI_API_KEY", "az-1", "CAIRN_SECRETS_KEY",
                "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="), ConfigLoader.Overrides.NONE);

        assertThat(config.providers()).extracting(ProviderConfig::type).contains("bedrock", "ollama");
        assertThat(config.routes().get("default").targets()).extracting(RouteConfig.Target::timeout).contains("30s");
    }

    @Test
    void badBedrockOllamaRegionAndTargetTimeoutValuesAreNamed() {
        assertThatThrownBy(() -> load("""
                providers:
                  - {name: aws, type: bedrock}
                  - {name: aws2, type: bedrock, region: Frankfurt, access_key_id: "env:MISSING_ID", api_key: x}
                  - {name: aws3, type: bedrock, region: us-west-2, secret_access_key: "env:AWS_SECRET"}
                  - {name: local, type: ollama, wire_api: chat, region: "on prem", secret_access_key: "env:AWS_SECRET"}
                routes:
                  default: {targets: [{provider: local, model: m, timeout: soon}, {provider: aws, model: m, timeout: 0s}]}
                """, Map.of("AWS_SECRET", "secret-value"), ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("providers[0].region is required for type bedrock")
                .hasMessageContaining("providers[1].region 'Frankfurt' is not an AWS region")
                .hasMessageContaining("providers[1].access_key_id env:MISSING_ID is not set")
                .hasMessageContaining("providers[1]: api_key and wire_api do not apply to type bedrock")
                .hasMessageContaining("providers[2]: access_key_id and secret_access_key must be set together")
                .hasMessageContaining("providers[3].wire_api applies only to type openai")
                .hasMessageContaining("providers[3].region 'on prem'")
                .hasMessageContaining("providers[3]: access_key_id, secret_access_key and session_token apply only to type bedrock")
                .hasMessageContaining("routes.default.targets[0].timeout 'soon'")
                .hasMessageContaining("routes.default.targets[1].timeout '0s'")
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void everyBadValueIsNamedAtOnce() {
        assertThatThrownBy(() -> load("""
                listen: {port: 70000}
                colour: blue
                store: mysql://x
                providers:
                  - {name: o, type: gemini, wire_api: soap}
                  - {name: p, type: openai}
                  - {name: q, type: anthropic, wire_api: chat}
                routes:
                  default: {targets: [{provider: nowhere, model: m}], context_tokens: 10}
                retry: {max_attempts: 0, max_backoff: later}
                runs: {lease: 100ms}
                tool_policies:
                  - {tool: "payments.*", effect: require_approval, when: "args.amount >"}
                  - {effect: deny}
                """, Map.of(), ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("listen.port 70000")
                .hasMessageContaining("'colour' is not a known key")
                .hasMessageContaining("store 'mysql://x'")
                .hasMessageContaining("providers[0].type 'gemini'")
                .hasMessageContaining("providers[0].wire_api 'soap'")
                .hasMessageContaining("providers[1].api_key is required")
                .hasMessageContaining("providers[2].wire_api applies only to type openai")
                .hasMessageContaining("providers[2].api_key is required for api.anthropic.com")
                .hasMessageContaining("routes.default.targets[0].provider 'nowhere'")
                .hasMessageContaining("routes.default.context_tokens must be at least 256")
                .hasMessageContaining("retry.max_attempts must be at least 1")
                .hasMessageContaining("retry.max_backoff 'later'")
                .hasMessageContaining("runs.lease '100ms' must be at least 500ms")
                .hasMessageContaining("tool_policies[0].when: condition \"args.amount >\" is not valid CEL")
                .hasMessageContaining("tool_policies[1].tool is required");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.create(Map.of()).load(
                new ConfigLoader.Overrides(folder.resolve("nope.yaml"), null, null, null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.yaml");
    }
}
