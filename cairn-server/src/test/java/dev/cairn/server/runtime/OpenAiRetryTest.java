package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.event.Event;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.models.openai.OpenAiConfig;
import dev.cairn.models.openai.OpenAiProvider;
import dev.cairn.testing.wire.Fixtures;
import dev.cairn.testing.wire.RecordedResponse;
import dev.cairn.testing.wire.WireReplayServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime and the real OpenAI client together, against recorded OpenAI traffic. */
class OpenAiRetryTest {

    @TempDir
    Path folder;

    @Test
    void a429AndA503AreRetriedWithBackoffThenTheRecordedStreamedAnswerCompletesTheRun() throws Exception {
        try (WireReplayServer server = WireReplayServer.replaying(Fixtures.cassette("openai-chat/test_openai_moderation_stream.yaml"))
                .answerFirst(RecordedResponse.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}")
                                .withHeader("retry-after", "1"),
                        RecordedResponse.json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
             OpenAiProvider openai = OpenAiProvider.create(OpenAiConfig.builder("openai").apiKey("sk-test-key-000")
                     .baseUrl(server.url("/v1").toString()).build());
             RuntimeFixture fixture = RuntimeFixture.in(folder).model(openai).open()) {
            fixture.agent("{\"name\":\"a\",\"instructions\":\"Be brief.\"}");
            String session = fixture.session("a");
            PostedMessage posted = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "hello", null);
            RunView run = fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), Duration.ofSeconds(30));
            assertThat(run.state()).as(run.failureMessage()).isEqualTo(RunState.COMPLETED);
            assertThat(run.output()).isEqualTo("Paris.");
            assertThat(run.usage().inputTokens()).isPositive();
            assertThat(server.received()).hasSize(3);
            assertThat(server.received()).allSatisfy(request -> assertThat(request.path()).endsWith("/chat/completions"));
            assertThat(fixture.slept).hasSize(2);
            assertThat(fixture.slept.getFirst()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(fixture.store.events().readAll(session)).extracting(Event::type).doesNotContain("model.failed");
        }
    }

    @Test
    void a401FailsTheRunAtOnceWithAClearReasonAndNoRetry() throws Exception {
        try (WireReplayServer server = WireReplayServer.answering(
                RecordedResponse.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-test*****000\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
             OpenAiProvider openai = OpenAiProvider.create(OpenAiConfig.builder("openai").apiKey("sk-test-key-000")
                     .baseUrl(server.url("/v1").toString()).build());
             RuntimeFixture fixture = RuntimeFixture.in(folder).model(openai).open()) {
            fixture.agent("{\"name\":\"a\"}");
            String session = fixture.session("a");
            PostedMessage posted = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "hello", null);
            RunView run = fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), Duration.ofSeconds(30));
            assertThat(run.state()).isEqualTo(RunState.FAILED);
            assertThat(run.failureReason()).isEqualTo("provider_auth_failed");
            assertThat(run.failureMessage()).contains("401").doesNotContain("sk-test-key-000");
            assertThat(server.received()).hasSize(1);
            assertThat(fixture.slept).isEmpty();
        }
    }
}
