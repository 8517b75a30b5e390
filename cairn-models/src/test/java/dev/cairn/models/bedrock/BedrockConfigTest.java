package dev.cairn.models.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BedrockConfigTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void defaultsToTheDefaultCredentialChainAndTheRegionsEndpoint() {
        BedrockConfig config = BedrockConfig.builder("bedrock").region("us-west-2").build();

        assertThat(config.hasStaticCredentials()).isFalse();
        assertThat(config.baseUrl()).isNull();
        assertThat(config.endpointHost()).isEqualTo("bedrock-runtime.us-west-2.amazonaws.com");
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aRegionIsRequiredAndMustLookLikeOne() {
        assertThatThrownBy(() -> BedrockConfig.builder("bedrock").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("region is required");
        assertThatThrownBy(() -> BedrockConfig.builder("bedrock").region("Frankfurt").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("'Frankfurt'");
    }

    @Test
    void credentialsComeInPairsAndAreNeverShown() {
        assertThatThrownBy(() -> BedrockConfig.builder("bedrock").region("us-east-1").credentials("AKIDEXAMPLE", "").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("set together");
        assertThatThrownBy(() -> BedrockConfig.builder("bedrock").region("us-east-1").sessionToken("token").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("session_token");
        assertThatThrownBy(() -> BedrockConfig.builder("bedrock").region("us-east-1").credentials("AKIDEXAMPLE", "has space " + SECRET).build())
                .isInstanceOf(ValidationException.class).hasMessageNotContaining(SECRET);

        BedrockConfig config = BedrockConfig.builder("bedrock").region("us-east-1").credentials("AKIDEXAMPLE", SECRET)
                .sessionToken("session-token-value").build();
        assertThat(config.toString()).doesNotContain(SECRET).doesNotContain("AKIDEXAMPLE").doesNotContain("session-token-value");
    }

    @Test
    void namesEveryBadValue() {
        assertThatThrownBy(() -> BedrockConfig.builder("bad name").region("us-east-1").baseUrl("ftp://x")
                .requestTimeout(Duration.ZERO).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("bad name").hasMessageContaining("ftp://x").hasMessageContaining("timeout");
    }
}
