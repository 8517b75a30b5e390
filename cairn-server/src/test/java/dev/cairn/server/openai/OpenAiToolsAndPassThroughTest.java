package dev.cairn.server.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.PermissionDeniedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.conversations.Conversation;
import com.openai.models.conversations.ConversationCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.cairn.server.auth.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official SDK against a real server: function calls streamed and answered through a
 * conversation, a named agent as the model, and Chat Completions pass-through when the policy
 * allows it (text, streamed text, a tool round trip) and its refusal when it does not.
 */
class OpenAiToolsAndPassThroughTest {

    @TempDir
    Path folder;

    private OpenAiFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private OpenAIClient start(boolean passThrough) {
        fixture = passThrough ? OpenAiFixture.start(folder, new OpenAiSdkTest.PassThroughOn()) : OpenAiFixture.start(folder);
        return OpenAIOkHttpClient.builder().apiKey(fixture.key).baseUrl(fixture.baseUrl()).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void aStreamedFunctionCallIsAnsweredThroughAConversationOfAnAgent() {
        OpenAIClient client = start(false);
        fixture.runtime.applyAgent(ApiKeys.DEFAULT_TENANT, """
                {"name": "coder", "route": "scripted", "instructions": "Fetch codes.",
                 "tools": [{"name": "get_code", "client": true,
                            "input_schema": {"type": "object", "properties": {"kind": {"type": "string"}}}}]}
                """, true);
        Conversation conversation = client.conversations().create(ConversationCreateParams.builder()
                .metadata(ConversationCreateParams.Metadata.builder().putAdditionalProperty("model", JsonValue.from("coder"))
                        .build())
                .build());

        List<String> types = new ArrayList<>();
        List<ResponseFunctionToolCall> calls = new ArrayList<>();
        String[] responseId = new String[1];
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
                .model("coder").conversation(conversation.id()).input("/call get_code {\"kind\":\"door\"}").build())) {
            stream.stream().forEach(event -> {
                types.add(StreamEvents.type(event));
                event.outputItemDone().ifPresent(done -> done.item().functionCall().ifPresent(calls::add));
                event.completed().ifPresent(completed -> responseId[0] = completed.response().id());
            });
        }
        assertThat(types).containsSubsequence("response.created", "response.in_progress", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed");
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst().arguments()).isEqualTo("{\"kind\":\"door\"}");

        Response answer = client.responses().create(ResponseCreateParams.builder().model("coder")
                .conversation(conversation.id())
                .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput
                        .builder().callId(calls.getFirst().callId()).output("DOOR-7").build())))
                .build());
        assertThat(answer.id()).isNotEqualTo(responseId[0]);
        assertThat(answer.output().getFirst().message().orElseThrow().content().getFirst().outputText().orElseThrow().text())
                .isEqualTo("get_code -> DOOR-7");
        assertThat(client.conversations().items().list(conversation.id()).data().stream()
                .filter(item -> item.isFunctionCallOutput()).count()).isEqualTo(1);

        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("coder")
                .instructions("Something else.").conversation(conversation.id()).input("hi").build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("instructions");
    }

    @Test
    void chatCompletionsPassThroughTextStreamsAndTools() {
        OpenAIClient client = start(true);
        ChatCompletion text = client.chat().completions().create(ChatCompletionCreateParams.builder().model("scripted")
                .addSystemMessage("Be brief.").addUserMessage("hello").build());
        assertThat(text.choices().getFirst().message().content()).contains("echo: hello");
        assertThat(text.usage().orElseThrow().totalTokens()).isPositive();

        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("scripted").addUserMessage("stream it").build())) {
            stream.stream().forEach(chunk -> chunk.choices()
                    .forEach(choice -> choice.delta().content().ifPresent(streamed::append)));
        }
        assertThat(streamed.toString()).isEqualTo("echo: stream it");

        FunctionDefinition function = FunctionDefinition.builder().name("get_code")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of())).build())
                .build();
        ChatCompletion call = client.chat().completions().create(ChatCompletionCreateParams.builder().model("scripted")
                .addFunctionTool(function).addUserMessage("/call get_code {}").build());
        assertThat(call.choices().getFirst().finishReason()).hasToString("tool_calls");
        ChatCompletionMessageFunctionToolCall toolCall = call.choices().getFirst().message().toolCalls().orElseThrow()
                .getFirst().asFunction();
        assertThat(toolCall.function().name()).isEqualTo("get_code");
        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder().model("scripted")
                .addFunctionTool(function).addUserMessage("/call get_code {}")
                .addMessage(call.choices().getFirst().message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id()).content("CODE-9").build())
                .build());
        assertThat(answer.choices().getFirst().message().content()).contains("get_code -> CODE-9");

        assertThat(fixture.admitted).hasSize(4);
        assertThat(fixture.admitted).allSatisfy(subject -> {
            assertThat(subject.tenantId()).isEqualTo(ApiKeys.DEFAULT_TENANT);
            assertThat(subject.sessionId()).isEmpty();
        });
        assertThat(fixture.settled).hasSize(4);
        assertThat(fixture.store.sessions().list(ApiKeys.DEFAULT_TENANT, null, 10)).isEmpty();
    }

    @Test
    void aProviderFailureAfterAStreamBeganIsAnErrorInTheStream() {
        start(true);
        RawApi api = new RawApi(fixture.baseUrl(), fixture.key);
        List<com.fasterxml.jackson.databind.JsonNode> chunks = RawApi.events(api.post("/chat/completions",
                "{\"model\": \"scripted\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": "
                        + "\"/fail 400\"}]}").body());
        assertThat(chunks.getLast().path("error").path("message").asText()).contains("scripted failure");
        List<com.fasterxml.jackson.databind.JsonNode> events = RawApi.events(api.post("/responses",
                "{\"model\": \"scripted\", \"store\": false, \"stream\": true, \"input\": \"/fail 400\"}").body());
        assertThat(events.getFirst().get("type").asText()).isEqualTo("response.created");
        assertThat(events.getLast().get("type").asText()).isEqualTo("error");
        assertThat(events.getLast().get("message").asText()).contains("scripted failure");
        assertThat(fixture.settled).hasSize(2).noneMatch(result -> result.succeeded());
    }

    @Test
    void chatCompletionsAreRefusedWhilePassThroughIsOff() {
        OpenAIClient client = start(false);
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder().model("scripted")
                .addUserMessage("hello").build()))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("stateless pass-through");
        assertThat(fixture.admitted).isEmpty();
    }
}
