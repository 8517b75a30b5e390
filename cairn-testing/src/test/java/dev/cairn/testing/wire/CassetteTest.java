package dev.cairn.testing.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CassetteTest {

    @Test
    void readsEveryRecordedCassette() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Fixtures.providerWire())) {
            files = walk.filter(path -> path.toString().endsWith(".yaml")).toList();
        }

        assertThat(files).hasSizeGreaterThan(30);
        for (Path file : files) {
            Cassette cassette = Cassette.load(file);
            assertThat(cassette.interactions()).as(file.toString()).isNotEmpty();
            cassette.interactions().forEach(interaction ->
                    assertThat(interaction.response().body()).as(file.toString()).isNotNull());
        }
    }

    @Test
    void replaysJsonBodiesAsJsonAndDropsFramingHeaders() {
        Cassette cassette = Fixtures.cassette("openai-chat/test_openai_instructions_with_tool_calls_keep_instructions.yaml");

        RecordedResponse first = cassette.interaction(0).response();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("content-type")).isEqualTo("application/json");
        assertThat(first.headers()).doesNotContainKeys("content-length", "transfer-encoding", "connection");
        assertThat(first.bodyText()).contains("\"finish_reason\":\"tool_calls\"").contains("\"content\":null");
        assertThat(cassette.request(0).path()).isEqualTo("/v1/chat/completions");
        assertThat(cassette.request(0).body().path("model").asText()).isEqualTo("gpt-4.1-mini");
    }

    @Test
    void keepsServerSentEventsAsText() {
        Cassette cassette = Fixtures.cassette("openai-chat/test_run_stream_sync_streams_real_model.yaml");

        RecordedResponse stream = cassette.interaction(0).response();
        assertThat(stream.header("content-type")).startsWith("text/event-stream");
        assertThat(stream.bodyText()).startsWith("data: {").contains("\n\ndata: [DONE]\n");
    }

    @Test
    void keepsBinaryEventStreamsAsBytes() {
        Cassette cassette = Fixtures.cassette("bedrock/test_bedrock_model_stream.yaml");

        RecordedResponse stream = cassette.interaction(0).response();
        assertThat(stream.header("content-type")).isEqualTo("application/vnd.amazon.eventstream");
        assertThat(stream.body()).hasSizeGreaterThan(100);
    }

    @Test
    void readsARequestBodyRecordedAsJsonText() {
        Cassette cassette = Fixtures.cassette("bedrock/test_bedrock_model.yaml");

        assertThat(cassette.request(0).body().path("system").get(0).path("text").asText()).isEqualTo("You are a chatbot.");
        assertThat(cassette.request(0).body().path("messages").get(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void selectsInteractionsByMethodAndPath() {
        Cassette cassette = Fixtures.cassette("openai-responses/test_openai_conversation_id_tool_call_continuation.yaml");

        assertThat(cassette.interactions()).hasSize(4);
        assertThat(cassette.only("POST", "/responses").interactions()).hasSize(2)
                .allSatisfy(interaction -> assertThat(interaction.request().path()).isEqualTo("/v1/responses"));
    }
}
