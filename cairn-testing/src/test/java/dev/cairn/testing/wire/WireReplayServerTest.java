package dev.cairn.testing.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class WireReplayServerTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Cassette TOOL_CALLS =
            Fixtures.cassette("openai-chat/test_openai_instructions_with_tool_calls_keep_instructions.yaml");

    @AfterAll
    static void closeClient() {
        CLIENT.close();
    }

    @Test
    void answersRecordedResponsesInOrderAndKeepsWhatWasSent() throws Exception {
        try (WireReplayServer server = WireReplayServer.replaying(TOOL_CALLS)) {
            HttpResponse<String> first = post(server.url("/v1/chat/completions"), "{\"model\":\"m\"}");
            HttpResponse<String> second = post(server.url("/v1/chat/completions"), "{}");

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(first.body()).contains("call_bhZkmIKKItNGJ41whHUHB7p9");
            assertThat(second.body()).contains("20.0 degrees Celsius");
            assertThat(server.unanswered()).isZero();
            assertThat(server.received()).hasSize(2);
            ReceivedRequest sent = server.received().getFirst();
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.path()).isEqualTo("/v1/chat/completions");
            assertThat(sent.header("Authorization")).isEqualTo("Bearer test-key");
            assertThat(sent.json().path("model").asText()).isEqualTo("m");
        }
    }

    @Test
    void answersInjectedResponsesBeforeRecordedOnes() throws Exception {
        try (WireReplayServer server = WireReplayServer.replaying(TOOL_CALLS)
                .answerFirst(RecordedResponse.json(429, "{}").withHeader("Retry-After", "3"), RecordedResponse.json(503, "{}"))) {
            HttpResponse<String> limited = post(server.url("/v1/chat/completions"), "{}");
            HttpResponse<String> unavailable = post(server.url("/v1/chat/completions"), "{}");
            HttpResponse<String> recorded = post(server.url("/v1/chat/completions"), "{}");

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("retry-after")).hasValue("3");
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(recorded.statusCode()).isEqualTo(200);
            assertThat(server.unanswered()).isEqualTo(1);
        }
    }

    @Test
    void answersAMismatchWithAReadableError() throws Exception {
        try (WireReplayServer server = WireReplayServer.replaying(TOOL_CALLS)) {
            HttpResponse<String> wrongPath = post(server.url("/v1/responses"), "{}");

            assertThat(wrongPath.statusCode()).isEqualTo(WireReplayServer.MISMATCH_STATUS);
            assertThat(wrongPath.body()).contains("expects POST /v1/chat/completions").contains("sent POST /v1/responses");
            assertThat(server.unanswered()).isEqualTo(2);
        }
    }

    @Test
    void answersAfterTheLastRecordingWithAReadableError() throws Exception {
        try (WireReplayServer server = WireReplayServer.answering(RecordedResponse.json(200, "{}"))) {
            post(server.url("/anything"), "{}");
            HttpResponse<String> extra = post(server.url("/anything"), "{}");

            assertThat(extra.statusCode()).isEqualTo(WireReplayServer.MISMATCH_STATUS);
            assertThat(extra.body()).contains("no recorded answer is left");
        }
    }

    @Test
    void aSilentServerHoldsRequestsUntilClosed() throws Exception {
        CompletableFuture<HttpResponse<String>> pending;
        try (WireReplayServer server = WireReplayServer.silent()) {
            pending = CLIENT.sendAsync(request(server.url("/v1/responses"), "{}"), HttpResponse.BodyHandlers.ofString());
            while (server.received().isEmpty()) {
                Thread.onSpinWait();
            }
            assertThat(pending).isNotDone();
        }
        assertThat(pending).failsWithin(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> post(URI uri, String body) throws IOException, InterruptedException {
        return CLIENT.send(request(uri, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer test-key")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
