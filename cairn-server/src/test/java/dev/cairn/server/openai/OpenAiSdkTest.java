package dev.cairn.server.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.models.conversations.Conversation;
import com.openai.models.conversations.ConversationCreateParams;
import com.openai.models.conversations.items.ConversationItem;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.gateway.PolicyDecision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK, unmodified, against a real Cairn server on a loopback port. */
class OpenAiSdkTest {

    @TempDir
    Path folder;

    private OpenAiFixture fixture;
    private OpenAIClient client;

    @BeforeEach
    void start() {
        fixture = OpenAiFixture.start(folder);
        client = client(fixture, fixture.key);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static OpenAIClient client(OpenAiFixture fixture, String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(fixture.baseUrl()).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static String text(Response response) {
        StringBuilder text = new StringBuilder();
        for (ResponseOutputItem item : response.output()) {
            item.message().ifPresent(message -> message.content()
                    .forEach(part -> part.outputText().ifPresent(output -> text.append(output.text()))));
        }
        return text.toString();
    }

    @Test
    void aResponseIsMadeContinuedAndReadBack() {
        Response first = client.responses().create(ResponseCreateParams.builder().model("scripted")
                .instructions("Be brief.").input("hello there").build());
        assertThat(first.id()).startsWith("resp_");
        assertThat(first.status()).contains(ResponseStatus.COMPLETED);
        assertThat(text(first)).isEqualTo("echo: hello there");
        assertThat(first.output().getFirst().message().orElseThrow().id()).startsWith("msg_");
        assertThat(first.usage().orElseThrow().totalTokens()).isPositive();
        assertThat(first.instructions()).isPresent();

        Response second = client.responses().create(ResponseCreateParams.builder().model("scripted")
                .previousResponseId(first.id()).input("and again").build());
        assertThat(text(second)).isEqualTo("echo: and again");
        assertThat(second.previousResponseId()).contains(first.id());
        String session = fixture.runtime.run(dev.cairn.server.auth.ApiKeys.DEFAULT_TENANT,
                "run_" + second.id().substring("resp_".length())).sessionId();
        assertThat(fixture.runtime.run(dev.cairn.server.auth.ApiKeys.DEFAULT_TENANT,
                "run_" + first.id().substring("resp_".length())).sessionId()).isEqualTo(session);

        // branching from the first response again forks the session there: the second turn is not in it
        Response branch = client.responses().create(ResponseCreateParams.builder().model("scripted")
                .previousResponseId(first.id()).input("another way").build());
        assertThat(text(branch)).isEqualTo("echo: another way");
        String tenant = dev.cairn.server.auth.ApiKeys.DEFAULT_TENANT;
        String branchSession = fixture.runtime.run(tenant, "run_" + branch.id().substring("resp_".length())).sessionId();
        assertThat(branchSession).isNotEqualTo(session);
        assertThat(fixture.runtime.state(tenant, branchSession).transcript().stream()
                .map(entry -> entry.message().toString())).noneMatch(message -> message.contains("and again"));

        Response read = client.responses().retrieve(second.id());
        assertThat(read.id()).isEqualTo(second.id());
        assertThat(text(read)).isEqualTo("echo: and again");
        assertThat(read.output().getFirst().message().orElseThrow().id())
                .isEqualTo(second.output().getFirst().message().orElseThrow().id());
    }

    @Test
    void aConversationTakesItemsAndResponses() {
        Conversation conversation = client.conversations().create(ConversationCreateParams.builder()
                .addItem(EasyInputMessage.builder().role(EasyInputMessage.Role.USER).content("my name is Ada").build())
                .build());
        assertThat(conversation.id()).startsWith("conv_");
        Response answer = client.responses().create(ResponseCreateParams.builder().model("default")
                .conversation(conversation.id()).input("what is my name?").build());
        assertThat(text(answer)).isEqualTo("echo: what is my name?");
        assertThat(answer.conversation().orElseThrow().id()).isEqualTo(conversation.id());

        List<ConversationItem> items = client.conversations().items().list(conversation.id()).data();
        List<String> texts = new ArrayList<>();
        for (ConversationItem item : items.reversed()) {
            item.message().ifPresent(message -> message.content().forEach(content -> {
                content.inputText().ifPresent(part -> texts.add(message.role().asString() + ": " + part.text()));
                content.outputText().ifPresent(part -> texts.add(message.role().asString() + ": " + part.text()));
            }));
        }
        assertThat(texts).containsExactly("user: my name is Ada", "user: what is my name?",
                "assistant: echo: what is my name?");
        assertThat(client.conversations().retrieve(conversation.id()).id()).isEqualTo(conversation.id());
    }

    @Test
    void aStreamSendsTheResponsesEventsInOrder() {
        List<String> types = new ArrayList<>();
        StringBuilder deltas = new StringBuilder();
        List<Long> sequence = new ArrayList<>();
        List<String> itemIds = new ArrayList<>();
        String[] responseId = new String[1];
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
                .model("scripted").input("stream this please").build())) {
            stream.stream().forEach(event -> {
                types.add(StreamEvents.type(event));
                sequence.add(StreamEvents.sequenceNumber(event));
                event.outputTextDelta().ifPresent(delta -> deltas.append(delta.delta()));
                event.outputItemDone().ifPresent(done -> itemIds.add(done.item().message().orElseThrow().id()));
                event.completed().ifPresent(completed -> responseId[0] = completed.response().id());
            });
        }
        Response read = client.responses().retrieve(responseId[0]);
        assertThat(read.output().stream().map(item -> item.message().orElseThrow().id()).toList()).isEqualTo(itemIds);
        assertThat(text(read)).isEqualTo("echo: stream this please");
        assertThat(types.getFirst()).isEqualTo("response.created");
        assertThat(types.get(1)).isEqualTo("response.in_progress");
        assertThat(types.subList(2, 4)).containsExactly("response.output_item.added", "response.content_part.added");
        assertThat(types).contains("response.output_text.delta");
        assertThat(types.subList(types.size() - 4, types.size())).containsExactly("response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
        assertThat(deltas.toString()).isEqualTo("echo: stream this please");
        for (int i = 0; i < sequence.size(); i++) {
            assertThat(sequence.get(i)).isEqualTo(i);
        }
    }

    @Test
    void aFunctionToolMakesARoundTrip() {
        FunctionTool tool = FunctionTool.builder().name("get_code").description("The secret code.")
                .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of())).build())
                .strict(false).build();
        Response call = client.responses().create(ResponseCreateParams.builder().model("scripted").addTool(tool)
                .input("/call get_code {}").build());
        assertThat(call.status()).contains(ResponseStatus.COMPLETED);
        ResponseFunctionToolCall functionCall = call.output().getFirst().functionCall().orElseThrow();
        assertThat(functionCall.name()).isEqualTo("get_code");
        assertThat(functionCall.id().orElseThrow()).startsWith("fc_");

        Response answer = client.responses().create(ResponseCreateParams.builder().model("scripted").addTool(tool)
                .previousResponseId(call.id())
                .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput
                        .builder().callId(functionCall.callId()).output("CODE-42").build())))
                .build());
        assertThat(answer.id()).isNotEqualTo(call.id());
        assertThat(text(answer)).isEqualTo("get_code -> CODE-42");
        assertThat(answer.previousResponseId()).contains(call.id());
        assertThat(text(client.responses().retrieve(call.id()))).isEmpty();
        assertThat(client.responses().retrieve(call.id()).output().getFirst().isFunctionCall()).isTrue();
    }

    @Test
    void aFailedRunIsAFailedResponseWithItsError() {
        Response failed = client.responses().create(ResponseCreateParams.builder().model("scripted").input("/fail 400")
                .build());
        assertThat(failed.status()).contains(ResponseStatus.FAILED);
        assertThat(failed.error().orElseThrow().message()).contains("scripted failure");
        assertThat(client.responses().retrieve(failed.id()).status()).contains(ResponseStatus.FAILED);
    }

    @Test
    void anotherTenantsResponseIsNotFound() {
        Response mine = client.responses().create(ResponseCreateParams.builder().model("scripted").input("mine").build());
        OpenAIClient other = client(fixture, fixture.otherTenantKey());
        assertThatThrownBy(() -> other.responses().retrieve(mine.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> other.responses().create(ResponseCreateParams.builder().model("scripted")
                .previousResponseId(mine.id()).input("steal").build())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void storeFalseIsRefusedWhileThePolicyKeepsPassThroughOff() {
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("scripted").store(false)
                .input("no state").build()))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("stateless pass-through")
                .hasMessageContaining("rule 'default'");
        assertThat(fixture.admitted).isEmpty();
    }

    @Test
    void storeFalsePassesThroughTheGatewayWhenThePolicyAllowsIt() {
        fixture.close();
        fixture = OpenAiFixture.start(folder.resolve("open"), new PassThroughOn());
        client = client(fixture, fixture.key);
        Response response = client.responses().create(ResponseCreateParams.builder().model("scripted").store(false)
                .input("no state").build());
        assertThat(text(response)).isEqualTo("echo: no state");
        assertThat(fixture.admitted).hasSize(1);
        assertThat(fixture.admitted.getFirst().sessionId()).isEmpty();
        assertThat(fixture.settled).hasSize(1);
        assertThat(fixture.settled.getFirst().succeeded()).isTrue();
        assertThatThrownBy(() -> client.responses().retrieve(response.id())).isInstanceOf(NotFoundException.class);
        assertThat(fixture.store.sessions().list(dev.cairn.server.auth.ApiKeys.DEFAULT_TENANT, null, 10)).isEmpty();
    }

    /** A policy that allows everything, pass-through included. */
    static final class PassThroughOn implements ModelPolicy {
        @Override
        public PolicyDecision decide(CallSubject subject, CallTarget target) {
            return new PolicyDecision(true, 1, "all", "");
        }

        @Override
        public PolicyDecision decideAt(long version, CallSubject subject, CallTarget target) {
            return decide(subject, target);
        }

        @Override
        public PolicyDecision passThrough(String tenantId, String userId) {
            return new PolicyDecision(true, 1, "pass-through-on", "");
        }
    }
}
