package dev.cairn.server.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.models.conversations.Conversation;
import com.openai.models.conversations.ConversationCreateParams;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.run.RunView;
import dev.cairn.server.auth.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instructions, tools and model are per request, as in OpenAI's API: a conversation or a chain of
 * responses moves to the agent version each request asks for, and the model sees that version's
 * instructions and tools; a declared agent's own instructions and tools cannot be changed by a
 * request. Two continuations of one latest response sent at once: at most one continues the
 * session, the others fork.
 */
class OpenAiPerRequestAgentTest {

    @TempDir
    Path folder;

    private OpenAiFixture fixture;
    private OpenAIClient client;

    @BeforeEach
    void start() {
        fixture = OpenAiFixture.start(folder);
        client = OpenAIOkHttpClient.builder().apiKey(fixture.key).baseUrl(fixture.baseUrl()).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static FunctionTool tool(String name) {
        return FunctionTool.builder().name(name).description("Tool " + name + ".")
                .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of())).build())
                .strict(false).build();
    }

    /** The response as the API shows it now. */
    private JsonNode wire(Response response) {
        return RawApi.json(new RawApi(fixture.baseUrl(), fixture.key).get("/responses/" + response.id()));
    }

    private ChatRequest lastModelRequest() {
        return fixture.runCalls.getLast().request();
    }

    private static List<String> toolNames(ChatRequest request) {
        return request.tools().stream().map(ToolDefinition::name).toList();
    }

    private static String instructions(ChatRequest request) {
        return request.messages().stream().filter(Message.System.class::isInstance).map(m -> ((Message.System) m).text())
                .findFirst().orElse("");
    }

    private String sessionOf(Response response) {
        return fixture.runtime.run(ApiKeys.DEFAULT_TENANT, "run_" + response.id().substring("resp_".length())).sessionId();
    }

    private List<EventPayload.SessionAgentMoved> moves(String sessionId) {
        return fixture.runtime.events(ApiKeys.DEFAULT_TENANT, sessionId, 0, 1000).stream().map(Event::payload)
                .filter(EventPayload.SessionAgentMoved.class::isInstance).map(EventPayload.SessionAgentMoved.class::cast)
                .toList();
    }

    @Test
    void toolsChangingBetweenTwoRequestsOfAConversationReachTheSecondRun() {
        Conversation conversation = client.conversations().create(ConversationCreateParams.builder().build());
        Response first = client.responses().create(ResponseCreateParams.builder().model("scripted")
                .conversation(conversation.id()).addTool(tool("get_weather")).input("hello").build());
        assertThat(toolNames(lastModelRequest())).containsExactly("get_weather");

        Response second = client.responses().create(ResponseCreateParams.builder().model("scripted")
                .conversation(conversation.id()).addTool(tool("get_time")).input("/call get_time {}").build());

        assertThat(toolNames(lastModelRequest())).containsExactly("get_time");
        ResponseFunctionToolCall call = second.output().getFirst().functionCall().orElseThrow();
        assertThat(call.name()).isEqualTo("get_time");
        assertThat(wire(second).path("tools").findValuesAsText("name")).containsExactly("get_time");
        assertThat(wire(first).path("tools").findValuesAsText("name")).containsExactly("get_weather");
        String session = sessionOf(second);
        assertThat(sessionOf(first)).isEqualTo(session);
        // created on the placeholder model, moved by the first request, then by the second
        List<EventPayload.SessionAgentMoved> moves = moves(session);
        assertThat(moves).hasSize(2);
        assertThat(fixture.runCalls.getLast().subject().agent()).isEqualTo(moves.getLast().agent());
        assertThat(fixture.runCalls.getFirst().subject().agent()).isEqualTo(moves.getFirst().agent());
    }

    @Test
    void instructionsChangingInAConversationReachTheModelAndEachResponseShowsItsOwn() {
        Conversation conversation = client.conversations().create(ConversationCreateParams.builder().build());
        Response first = client.responses().create(ResponseCreateParams.builder().model("scripted")
                .conversation(conversation.id()).instructions("Be brief.").input("one").build());
        assertThat(instructions(lastModelRequest())).contains("Be brief.");

        Response second = client.responses().create(ResponseCreateParams.builder().model("default")
                .conversation(conversation.id()).instructions("Be thorough.").input("two").build());

        assertThat(instructions(lastModelRequest())).contains("Be thorough.").doesNotContain("Be brief.");
        assertThat(wire(second).path("instructions").asText()).isEqualTo("Be thorough.");
        assertThat(wire(second).path("model").asText()).isEqualTo("default");
        assertThat(wire(first).path("instructions").asText()).isEqualTo("Be brief.");
        assertThat(wire(first).path("model").asText()).isEqualTo("scripted");
        // the second run still reads the first turn: the conversation went on, it did not restart
        assertThat(lastModelRequest().messages()).anySatisfy(m -> assertThat(m).isEqualTo(new Message.User("one")));
        Response third = client.responses().create(ResponseCreateParams.builder().model("default")
                .conversation(conversation.id()).input("three").build());
        assertThat(wire(third).path("instructions").asText()).isEqualTo("Be thorough.");
        assertThat(moves(sessionOf(third))).hasSize(2);
    }

    @Test
    void aChainWithPreviousResponseIdTakesNewToolsAndStaysOneSession() {
        Response first = client.responses().create(ResponseCreateParams.builder().model("scripted")
                .addTool(tool("get_weather")).input("hello").build());

        Response second = client.responses().create(ResponseCreateParams.builder().model("scripted")
                .previousResponseId(first.id()).addTool(tool("get_time")).input("/call get_time {}").build());

        assertThat(toolNames(lastModelRequest())).containsExactly("get_time");
        assertThat(second.output().getFirst().functionCall().orElseThrow().name()).isEqualTo("get_time");
        assertThat(second.previousResponseId()).contains(first.id());
        assertThat(sessionOf(second)).isEqualTo(sessionOf(first));
        EventPayload.SessionAgentMoved moved = moves(sessionOf(second)).getFirst();
        assertThat(fixture.runtime.runAgent(ApiKeys.DEFAULT_TENANT, "run_" + first.id().substring(5)).name())
                .isEqualTo(moved.fromAgent());
        assertThat(fixture.runtime.runAgent(ApiKeys.DEFAULT_TENANT, "run_" + second.id().substring(5)).name())
                .isEqualTo(moved.agent());
    }

    @Test
    void aDeclaredAgentsInstructionsAndToolsCannotBeChangedByARequest() {
        fixture.runtime.applyAgent(ApiKeys.DEFAULT_TENANT, """
                {"name": "coder", "route": "scripted", "instructions": "Fetch codes.",
                 "tools": [{"name": "get_code", "client": true,
                            "input_schema": {"type": "object", "properties": {}}}]}
                """, true);
        Conversation conversation = client.conversations().create(ConversationCreateParams.builder()
                .metadata(ConversationCreateParams.Metadata.builder().putAdditionalProperty("model", JsonValue.from("coder"))
                        .build())
                .build());
        Response answered = client.responses().create(ResponseCreateParams.builder().model("coder")
                .conversation(conversation.id()).instructions("Fetch codes.").addTool(tool("get_code")).input("hi").build());
        String session = sessionOf(answered);
        long events = fixture.store.events().lastSeq(session);

        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("coder")
                .conversation(conversation.id()).instructions("Be someone else.").input("hi").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("instructions"));
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("coder")
                .conversation(conversation.id()).addTool(tool("delete_everything")).input("hi").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("tools"));
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("coder")
                .previousResponseId(answered.id()).instructions("Be someone else.").input("hi").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("instructions"));

        assertThat(fixture.store.events().lastSeq(session)).isEqualTo(events);
        assertThat(moves(session)).isEmpty();
    }

    @Test
    void functionOutputsSentWithOtherToolsAreRefusedAndTheWaitingRunKeepsItsOwn() {
        Conversation conversation = client.conversations().create(ConversationCreateParams.builder().build());
        Response call = client.responses().create(ResponseCreateParams.builder().model("scripted")
                .conversation(conversation.id()).addTool(tool("get_code")).input("/call get_code {}").build());
        String callId = call.output().getFirst().functionCall().orElseThrow().callId();
        String session = sessionOf(call);
        long events = fixture.store.events().lastSeq(session);
        ResponseInputItem output = ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(callId).output("CODE-7").build());

        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("scripted")
                .conversation(conversation.id()).addTool(tool("get_time")).inputOfResponse(List.of(output)).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("tools"));
        assertThat(fixture.store.events().lastSeq(session)).isEqualTo(events);

        Response answer = client.responses().create(ResponseCreateParams.builder().model("scripted")
                .conversation(conversation.id()).addTool(tool("get_code")).inputOfResponse(List.of(output)).build());
        assertThat(wire(answer).path("output").findValuesAsText("text")).containsExactly("get_code -> CODE-7");
    }

    @Test
    void continuationsOfOneLatestResponseSentAtOnceContinueTheSessionAtMostOnce() throws Exception {
        Response first = client.responses().create(ResponseCreateParams.builder().model("scripted").input("start").build());
        String session = sessionOf(first);
        int requests = 6;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> sent = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(requests)) {
            for (int i = 0; i < requests; i++) {
                String input = "branch " + i;
                sent.add(threads.submit(() -> {
                    go.await();
                    return client.responses().create(ResponseCreateParams.builder().model("scripted")
                            .previousResponseId(first.id()).input(input).build());
                }));
            }
            go.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> future : sent) {
                answers.add(future.get());
            }
            long inPlace = answers.stream().filter(answer -> sessionOf(answer).equals(session)).count();
            assertThat(inPlace).isLessThanOrEqualTo(1);
            for (Response answer : answers) {
                assertThat(answer.previousResponseId()).contains(first.id());
                // each branch saw the first turn and its own message, and no other branch's
                List<RunView> runs = fixture.runtime.state(ApiKeys.DEFAULT_TENANT, sessionOf(answer)).runs();
                assertThat(runs).hasSize(2);
                List<String> users = fixture.runtime.state(ApiKeys.DEFAULT_TENANT, sessionOf(answer)).transcript().stream()
                        .filter(entry -> entry.message() instanceof Message.User)
                        .map(entry -> ((Message.User) entry.message()).text()).toList();
                assertThat(users).hasSize(2).first().isEqualTo("start");
            }
            assertThat(fixture.runtime.state(ApiKeys.DEFAULT_TENANT, session).runs()).hasSizeLessThanOrEqualTo(2);
        }
    }
}
