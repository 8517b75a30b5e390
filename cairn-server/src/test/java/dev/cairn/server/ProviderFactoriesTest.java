package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.models.bedrock.BedrockConfig;
import dev.cairn.models.bedrock.BedrockProvider;
import dev.cairn.models.ollama.OllamaConfig;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.server.config.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderFactoriesTest {

    private final ConfigLoader loader = ConfigLoader.create(Map.of("AWS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET", "secret-value"));

    @Test
    void bedrockTakesItsRegionAndResolvesItsCredentials() {
        BedrockConfig config = ProviderFactories.bedrock(new ProviderConfig("aws", "bedrock", "http://127.0.0.1:9", null, null, "90s",
                "us-east-1", "env:AWS_KEY_ID", "env:AWS_SECRET", null), loader);

        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(config.secretAccessKey()).isEqualTo("secret-value");
        assertThat(config.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9"));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(90));
        try (BedrockProvider provider = BedrockProvider.create(config)) {
            assertThat(provider.region()).isEqualTo("us-east-1");
            assertThat(provider.endpointHost()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void bedrockWithoutCredentialsUsesTheDefaultChain() {
        BedrockConfig config = ProviderFactories.bedrock(new ProviderConfig("aws", "bedrock", null, null, null, null,
                "eu-central-1", null, null, null), loader);

        assertThat(config.hasStaticCredentials()).isFalse();
        assertThat(config.endpointHost()).isEqualTo("bedrock-runtime.eu-central-1.amazonaws.com");
    }

    @Test
    void ollamaDefaultsToTheLocalServer() {
        OllamaConfig config = ProviderFactories.ollama(new ProviderConfig("local", "ollama", null, null, null, null,
                "on-prem", null, null, null), loader);

        assertThat(config.baseUrl()).isEqualTo(OllamaConfig.DEFAULT_BASE_URL);
        assertThat(config.region()).isEqualTo("on-prem");
        assertThat(config.apiKey()).isEmpty();
    }
}
