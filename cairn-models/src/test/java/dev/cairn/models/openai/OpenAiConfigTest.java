package dev.cairn.models.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ValidationException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiConfigTest {

    private static final String KEY = "sk-config-test-secret-value";

    @Test
    void defaultsToOpenAiOverChatCompletions() {
        OpenAiConfig config = OpenAiConfig.builder("openai").apiKey(KEY).build();

        assertThat(config.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(config.wireApi()).isEqualTo(WireApi.CHAT);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.stream()).isFalse();
    }

    @Test
    void acceptsACompatibleServerThatNeedsNoKey() {
        OpenAiConfig config = OpenAiConfig.builder("ollama").baseUrl("http://localhost:11434/v1").wireApi("responses")
                .requestTimeout(Duration.ofSeconds(30)).stream(true).build();

        assertThat(config.apiKey()).isEmpty();
        assertThat(config.wireApi()).isEqualTo(WireApi.RESPONSES);
        assertThat(config.stream()).isTrue();
    }

    @Test
    void listsEveryBadValueByName() {
        assertThatThrownBy(() -> new OpenAiConfig("no spaces", KEY, URI.create("ftp://example.com/v1"), null, Duration.ZERO, false))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("name 'no spaces'")
                .hasMessageContaining("base-url 'ftp://example.com/v1'")
                .hasMessageContaining("wire-api is required")
                .hasMessageContaining("request-timeout must be positive, not PT0S")
                .satisfies(failure -> assertThat(((ValidationException) failure).problems()).hasSize(4));
    }

    @Test
    void requiresAKeyForOpenAiItself() {
        assertThatThrownBy(() -> OpenAiConfig.builder("openai").build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("api-key is required for https://api.openai.com/v1");
    }

    @Test
    void namesABadKeyWithoutShowingIt() {
        assertThatThrownBy(() -> OpenAiConfig.builder("openai").apiKey(KEY + "\n").build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("api-key must be printable ASCII")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void namesAnUnknownWireApiAndAnUnparsableUrl() {
        assertThatThrownBy(() -> OpenAiConfig.builder("openai").wireApi("assistants"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("wire-api 'assistants' must be chat or responses");
        assertThatThrownBy(() -> OpenAiConfig.builder("openai").baseUrl("http://bad host/v1"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("base-url 'http://bad host/v1' is not a URL");
        assertThatThrownBy(() -> OpenAiConfig.builder("openai").apiKey(KEY).baseUrl("https://user:pw@example.com/v1").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("must not carry a query, a fragment or credentials");
    }

    @Test
    void neverShowsTheKeyWhenPrinted() {
        OpenAiConfig config = OpenAiConfig.builder("openai").apiKey(KEY).build();

        assertThat(config.toString()).doesNotContain(KEY).contains("apiKey=(hidden)");
        try (OpenAiProvider provider = OpenAiProvider.create(config)) {
            assertThat(provider.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void namesTheConfiguredRegionAndTheBaseUrlsHost() {
        OpenAiConfig azure = OpenAiConfig.builder("azure").apiKey(KEY)
                .baseUrl("https://contoso.openai.azure.com/openai/v1").region("swedencentral").build();
        try (OpenAiProvider provider = OpenAiProvider.create(azure)) {
            assertThat(provider.region()).isEqualTo("swedencentral");
            assertThat(provider.endpointHost()).isEqualTo("contoso.openai.azure.com");
        }
        try (OpenAiProvider provider = OpenAiProvider.create(OpenAiConfig.builder("openai").apiKey(KEY).build())) {
            assertThat(provider.region()).isEmpty();
            assertThat(provider.endpointHost()).isEqualTo("api.openai.com");
        }
        assertThatThrownBy(() -> OpenAiConfig.builder("azure").apiKey(KEY).region("sweden central").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("region 'sweden central'");
    }
}
