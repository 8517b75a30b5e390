package dev.cairn.models.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnthropicConfigTest {

    private static final String KEY = "sk-ant-test-0123456789";

    @Test
    void defaultsToAnthropicsEndpointAndAnOutputLimit() {
        AnthropicConfig config = AnthropicConfig.builder("claude").apiKey(KEY).build();

        assertThat(config.baseUrl()).isEqualTo(AnthropicConfig.DEFAULT_BASE_URL);
        assertThat(config.maxOutputTokens()).isEqualTo(1024);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void anthropicsEndpointNeedsAKeyButAnotherServerMayNot() {
        assertThatThrownBy(() -> AnthropicConfig.builder("claude").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("api-key is required");
        assertThat(AnthropicConfig.builder("local").baseUrl("http://localhost:8080").build().apiKey()).isEmpty();
    }

    @Test
    void namesEveryBadValueWithoutShowingTheKey() {
        assertThatThrownBy(() -> AnthropicConfig.builder("bad name").apiKey(KEY).baseUrl("ftp://x")
                .requestTimeout(Duration.ZERO).maxOutputTokens(0).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("bad name").hasMessageContaining("ftp://x")
                .hasMessageContaining("request-timeout").hasMessageContaining("max-output-tokens");
        assertThat(AnthropicConfig.builder("claude").apiKey(KEY).build().toString()).doesNotContain(KEY);
    }

    @Test
    void namesTheConfiguredRegionAndTheBaseUrlsHost() {
        try (AnthropicProvider provider = AnthropicProvider.create(AnthropicConfig.builder("claude").apiKey(KEY).region("us").build())) {
            assertThat(provider.region()).isEqualTo("us");
            assertThat(provider.endpointHost()).isEqualTo("api.anthropic.com");
        }
        assertThatThrownBy(() -> AnthropicConfig.builder("claude").apiKey(KEY).region("u/s").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("region 'u/s'");
    }
}
