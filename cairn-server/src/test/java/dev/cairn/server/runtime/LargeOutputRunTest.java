package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.Sleeper;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ScriptedProvider;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.core.tool.ToolOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the model is given around a large tool output: its short form, and read_output only once there is one. */
class LargeOutputRunTest {

    @TempDir
    Path folder;

    @Test
    void theModelSeesTheShortFormAndIsOfferedReadOutputOnlyWhileOneIsInContext() throws Exception {
        String big = "0123456789abcdef".repeat(6_400);
        List<ChatRequest> requests = new CopyOnWriteArrayList<>();
        ScriptedProvider scripted = ScriptedProvider.create("scripted", Sleeper.SYSTEM);
        try (RuntimeFixture fixture = RuntimeFixture.in(folder)
                .model(AgentRuntimeTest.provider("scripted", request -> {
                    requests.add(request);
                    return scripted.chat(request, StreamListener.NONE);
                }))
                .tool("dump", entry -> AgentRuntimeTest.tool("dump", invocation -> ToolOutcome.success(big)))
                .open()) {
            fixture.agent("{name: dumper, tools: [{builtin: dump}]}");
            String session = fixture.session("dumper");

            ask(fixture, session, "hello");
            assertThat(toolNames(requests.getLast())).containsExactly("dump");

            ask(fixture, session, "/call dump {}");

            assertThat(requests).hasSize(3);
            assertThat(toolNames(requests.get(1))).containsExactly("dump");
            assertThat(toolNames(requests.get(2))).containsExactly("dump", "read_output");
            Message.ToolResult result = (Message.ToolResult) requests.get(2).messages().getLast();
            assertThat(result.content()).startsWith(big.substring(0, 4096)).contains("read_output").hasSizeLessThan(5_000);
            EventPayload.ToolCompleted stored = fixture.store.events().readAll(session).stream().map(Event::payload)
                    .filter(EventPayload.ToolCompleted.class::isInstance).map(EventPayload.ToolCompleted.class::cast)
                    .findFirst().orElseThrow();
            assertThat(stored.output()).isEqualTo(result.content());
            assertThat(stored.outputBytes()).isEqualTo(big.length());
        }
    }

    private static void ask(RuntimeFixture fixture, String session, String content) throws InterruptedException {
        PostedMessage posted = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, content, null);
        fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), Duration.ofSeconds(20));
    }

    private static List<String> toolNames(ChatRequest request) {
        return request.tools().stream().map(ToolDefinition::name).toList();
    }
}
