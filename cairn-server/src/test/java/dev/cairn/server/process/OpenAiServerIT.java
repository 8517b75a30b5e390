package dev.cairn.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn serve} as shipped, with the official OpenAI SDK pointed at {@code /openai/v1}: a
 * response on the built-in {@code scripted} route, continued, read back after a restart; and
 * pass-through refused, since no policy turns it on.
 */
class OpenAiServerIT {

    private static final String ADMIN_KEY = "cairn_sk_openai_server_admin_key_0123456789";
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    private static OpenAIClient client(String base) {
        return OpenAIOkHttpClient.builder().apiKey(ADMIN_KEY).baseUrl(base + "/openai/v1").maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static String text(Response response) {
        return response.output().getFirst().message().orElseThrow().content().getFirst().outputText().orElseThrow().text();
    }

    @Test
    void theSdkTalksToAServedCairnAndItsResponsesOutliveARestart() throws Exception {
        String second;
        try (ServerProcess server = ServerProcess.start(folder, Map.of("CAIRN_ADMIN_KEY", ADMIN_KEY),
                "serve", "--port", "0", "--data", "data")) {
            OpenAIClient client = client(server.baseUrl(START));
            Response first = client.responses().create(ResponseCreateParams.builder().model("scripted")
                    .instructions("Answer.").input("first question").build());
            assertThat(text(first)).isEqualTo("echo: first question");
            Response next = client.responses().create(ResponseCreateParams.builder().model("scripted")
                    .previousResponseId(first.id()).input("second question").build());
            second = next.id();
            assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("scripted").addUserMessage("hi").build()))
                    .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("stateless pass-through");
            assertThat(server.stop(Duration.ofSeconds(30))).isIn(0, 143);
        }
        try (ServerProcess server = ServerProcess.start(folder, Map.of("CAIRN_ADMIN_KEY", ADMIN_KEY),
                "serve", "--port", "0", "--data", "data")) {
            Response read = client(server.baseUrl(START)).responses().retrieve(second);
            assertThat(text(read)).isEqualTo("echo: second question");
            assertThat(read.previousResponseId()).isPresent();
        }
    }
}
