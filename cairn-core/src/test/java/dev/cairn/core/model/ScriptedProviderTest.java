package dev.cairn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedProviderTest {

    private final List<Duration> slept = new ArrayList<>();
    private final ScriptedProvider provider = ScriptedProvider.create("scripted", slept::add);

    private ChatResponse ask(Message... messages) {
        List<Message> all = new ArrayList<>(List.of(new Message.System("sys")));
        all.addAll(List.of(messages));
        return provider.chat(new ChatRequest("scripted", all, List.of(), 0), StreamListener.NONE);
    }

    @Test
    void plainTextIsEchoed() {
        ChatResponse response = ask(new Message.User("hello there"));
        assertThat(response.message().text()).isEqualTo("echo: hello there");
        assertThat(response.message().toolCalls()).isEmpty();
        assertThat(response.usage().inputTokens()).isPositive();
    }

    @Test
    void callLinesBecomeParallelToolCallsThenOneResultLineEach() {
        Message.User user = new Message.User("/call memory {\"label\":\"a\"}\n/call workspace {\"op\":\"list\"}");
        ChatResponse first = ask(user);
        assertThat(first.message().toolCalls()).extracting(ToolCall::name).containsExactly("memory", "workspace");
        assertThat(first.message().toolCalls().getFirst().arguments()).isEqualTo("{\"label\":\"a\"}");
        assertThat(first.finishReason()).isEqualTo("tool_calls");
        List<ToolCall> calls = first.message().toolCalls();
        assertThat(calls.get(0).id()).isNotEqualTo(calls.get(1).id());

        ChatResponse second = ask(user, first.message(),
                new Message.ToolResult(calls.get(0).id(), "memory", "saved", false),
                new Message.ToolResult(calls.get(1).id(), "workspace", "a.txt", false));
        assertThat(second.message().text()).isEqualTo("memory -> saved\nworkspace -> a.txt");
        assertThat(second.message().toolCalls()).isEmpty();
    }

    @Test
    void theSameInputGivesTheSameAnswer() {
        Message.User user = new Message.User("/call memory {}");
        assertThat(ask(user)).isEqualTo(ask(user));
    }

    @Test
    void sleepWaitsThroughTheInjectedSleeper() {
        ask(new Message.User("/sleep 250\nhi"));
        assertThat(slept).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void failActsLikeTheProviderAnsweredThatStatus() {
        assertThatThrownBy(() -> ask(new Message.User("/fail 429"))).isInstanceOf(RetryableProviderException.class);
        assertThatThrownBy(() -> ask(new Message.User("/fail 503"))).isInstanceOf(RetryableProviderException.class);
        assertThatThrownBy(() -> ask(new Message.User("/fail 401"))).isInstanceOf(ProviderAuthException.class);
        assertThatThrownBy(() -> ask(new Message.User("/fail 400"))).isInstanceOf(ProviderRejectedException.class);
    }

    @Test
    void streamsTheAnswerInOrder() {
        StringBuilder streamed = new StringBuilder();
        ChatResponse response = provider.chat(new ChatRequest("scripted", List.of(new Message.User("one two three")),
                List.of(), 0), streamed::append);
        assertThat(streamed.toString()).isEqualTo(response.message().text());
    }

    @Test
    void sleeperIsUsedNotTheClock() {
        Sleeper never = duration -> {
            throw new AssertionError("no sleep expected");
        };
        ScriptedProvider quiet = ScriptedProvider.create("s", never);
        assertThat(quiet.chat(new ChatRequest("m", List.of(new Message.User("x")), List.of(), 0), StreamListener.NONE)
                .message().text()).isEqualTo("echo: x");
    }

    @Test
    void aRequestForASummaryIsAnsweredFromTheLinesItFoldsIn() {
        String request = """
                <previous_summary>
                summary: [#2 user] hello
                </previous_summary>
                <conversation>
                [#5 user] please remember that my order number is 4417 and it arrived broken
                [#6 assistant] echo: noted
                not a message line
                </conversation>
                Write one new summary.""";
        ChatResponse response = provider.chat(new ChatRequest("scripted", List.of(new Message.System("sum up"),
                new Message.User(request)), List.of(), 0, ChatRequest.Purpose.SUMMARY), StreamListener.NONE);
        assertThat(response.message().text())
                .isEqualTo("summary: [#5 user] please remember that my order  | [#6 assistant] echo: noted");
        assertThat(response.message().toolCalls()).isEmpty();
        assertThat(response.usage().inputTokens()).isPositive();
        assertThat(response.usage().outputTokens()).isPositive();
    }

    @Test
    void theSameTextAskedForAnAnswerIsNotSummarized() {
        ChatResponse response = ask(new Message.User("[#5 user] hello"));
        assertThat(response.message().text()).isEqualTo("echo: [#5 user] hello");
    }
}
