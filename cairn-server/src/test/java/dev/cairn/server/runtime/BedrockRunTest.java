package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.models.bedrock.BedrockConfig;
import dev.cairn.models.bedrock.BedrockProvider;
import dev.cairn.testing.wire.Cassette;
import dev.cairn.testing.wire.Fixtures;
import dev.cairn.testing.wire.Interaction;
import dev.cairn.testing.wire.RecordedResponse;
import dev.cairn.testing.wire.WireReplayServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime and the real Bedrock client together, answering with a recorded ConverseStream answer. */
class BedrockRunTest {

    @TempDir
    Path folder;

    @Test
    void aThrottledCallIsRetriedThenTheRecordedAnswerCompletesTheRun() throws Exception {
        RecordedResponse stream = Fixtures.cassette("bedrock/test_bedrock_model_stream.yaml").interaction(0).response();
        // The runtime streams, and the fixture's route calls model "m": the recorded ConverseStream
        // answer is served at that model's path.
        Cassette answer = Cassette.of("the recorded ConverseStream answer, for model m",
                Interaction.written("POST", "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse-stream", stream));
        try (WireReplayServer server = WireReplayServer.replaying(answer).answerFirst(
                RecordedResponse.json(429, "{\"message\":\"Too many requests, please wait before trying again.\"}")
                        .withHeader("x-amzn-ErrorType", "ThrottlingException").withHeader("retry-after", "1"));
             BedrockProvider bedrock = BedrockProvider.create(BedrockConfig.builder("bedrock").region("us-east-1")
                     .credentials("AKIDEXAMPLE", "secret-access-key-value").baseUrl(server.url("")).build());
             RuntimeFixture fixture = RuntimeFixture.in(folder).model(bedrock).open()) {
            fixture.agent("{\"name\":\"a\",\"instructions\":\"You are a chatbot.\"}");
            String session = fixture.session("a");
            PostedMessage posted = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "Hello!", null);
            RunView run = fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), Duration.ofSeconds(30));

            assertThat(run.state()).as(run.failureMessage()).isEqualTo(RunState.COMPLETED);
            assertThat(run.output()).startsWith("The capital of France is Paris.").endsWith("\"The City of Love.\"");
            assertThat(run.usage().inputTokens()).isEqualTo(13);
            assertThat(server.received()).hasSize(2).allSatisfy(request -> {
                assertThat(request.path()).isEqualTo("/model/m/converse-stream");
                assertThat(request.header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/");
            });
            assertThat(server.received().getLast().json().path("system").get(0).path("text").asText()).contains("You are a chatbot.");
            assertThat(fixture.slept).hasSize(1);
            assertThat(fixture.slept.getFirst()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }
}
