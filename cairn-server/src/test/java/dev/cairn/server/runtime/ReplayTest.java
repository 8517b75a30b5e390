package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.event.Event;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.ScriptedProvider;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.core.runtime.SessionState;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.tool.MemoryTool;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolOutcome;
import dev.cairn.core.Sleeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorded log rebuilds the same state, in a new process, without a single model or tool call. */
class ReplayTest {

    @TempDir
    Path folder;

    @Test
    void aRecordedLogRebuildsTheSameStateWithZeroProviderOrToolCalls() throws Exception {
        AtomicInteger modelCalls = new AtomicInteger();
        AtomicInteger toolCalls = new AtomicInteger();
        ScriptedProvider scripted = ScriptedProvider.create("scripted", Sleeper.SYSTEM);
        ChatProvider counting = AgentRuntimeTest.provider("scripted", request -> {
            modelCalls.incrementAndGet();
            return scripted.chat(request, StreamListener.NONE);
        });
        Tool memory = new MemoryTool();
        Tool countingMemory = AgentRuntimeTest.tool("memory", invocation -> {
            toolCalls.incrementAndGet();
            return memory.call(invocation);
        });
        String session;
        SessionState recorded;
        List<Event> log;
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(counting).tool("memory", entry -> countingMemory).open()) {
            fixture.agent("""
                    name: helper
                    memory: {blocks: {user: "", persona: "calm"}}
                    tools: [{builtin: memory}]
                    """);
            session = fixture.session("helper");
            for (String message : List.of("hello",
                    "/call memory {\"operation\":\"append\",\"label\":\"user\",\"text\":\"Ada\"}",
                    "/call memory {\"operation\":\"replace\",\"label\":\"persona\",\"text\":\"cheerful\"}\n"
                            + "/call memory {\"operation\":\"append\",\"label\":\"nope\",\"text\":\"x\"}",
                    "/fail 400", "bye")) {
                PostedMessage posted = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, message, null);
                fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), Duration.ofSeconds(20));
            }
            recorded = fixture.runtime.state(RuntimeFixture.TENANT, session);
            log = fixture.store.events().readAll(session);
        }
        assertThat(modelCalls.get()).isPositive();
        assertThat(toolCalls.get()).isEqualTo(3);
        int modelCallsBefore = modelCalls.get();

        ChatProvider refusing = new ChatProvider() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public ChatResponse chat(ChatRequest request, StreamListener listener) {
                throw new AssertionError("replay must not call the model");
            }
        };
        Tool refusingTool = AgentRuntimeTest.tool("memory", invocation -> {
            throw new AssertionError("replay must not call tools");
        });
        try (RuntimeFixture reopened = RuntimeFixture.in(folder).model(refusing).tool("memory", entry -> refusingTool).open()) {
            SessionState rebuilt = reopened.runtime.state(RuntimeFixture.TENANT, session);
            assertThat(rebuilt).isEqualTo(recorded);
            assertThat(rebuilt.memoryBlocks()).containsEntry("user", "Ada").containsEntry("persona", "cheerful");
            assertThat(rebuilt.runs()).extracting(run -> run.state().wireName())
                    .containsExactly("completed", "completed", "completed", "failed", "completed");
        }
        SessionView replayed = SessionView.replay(session, log);
        assertThat(replayed.transcript()).isEqualTo(recorded.transcript());
        assertThat(replayed.runs()).isEqualTo(recorded.runs());
        assertThat(modelCalls.get()).isEqualTo(modelCallsBefore);
        assertThat(toolCalls.get()).isEqualTo(3);
    }

}
