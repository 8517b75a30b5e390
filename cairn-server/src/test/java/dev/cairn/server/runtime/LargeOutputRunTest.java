package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.Sleeper;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.LargeOutputs;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ScriptedProvider;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.core.tool.ToolOutcome;
import dev.cairn.tools.workspace.WorkspaceTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    @Test
    void aLargeFileTheWorkspaceReadsIsStoredOnceAndReadOnWithReadOutput() throws Exception {
        WorkspaceTool workspace = WorkspaceTool.create(folder.resolve("workspaces"));
        StringBuilder text = new StringBuilder();
        for (int line = 1; text.length() < 200_000; line++) {
            text.append("row ").append(line).append(": é and ü\n");
        }
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).tool("workspace", workspace.factory()).open()) {
            fixture.agent("{name: reader, tools: [{builtin: workspace}]}");
            String session = fixture.session("reader");
            Files.createDirectories(workspace.folder(session));
            Files.writeString(workspace.folder(session).resolve("big.txt"), text);
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            String hash = LargeOutputs.sha256(bytes);

            ask(fixture, session, "/call workspace {\"operation\": \"read\", \"path\": \"big.txt\"}");
            ask(fixture, session, "/call read_output {\"ref\": \"" + hash + "\", \"offset\": 4095, \"length\": 100}");

            List<EventPayload.ToolCompleted> results = fixture.store.events().readAll(session).stream().map(Event::payload)
                    .filter(EventPayload.ToolCompleted.class::isInstance).map(EventPayload.ToolCompleted.class::cast).toList();
            assertThat(results).hasSize(2);
            assertThat(results.get(0).outputRef()).isEqualTo(hash);
            assertThat(results.get(0).outputBytes()).isEqualTo(bytes.length);
            assertThat(results.get(0).output().length()).isLessThan(5_000);
            String read = results.get(1).output();
            String shown = read.substring(0, read.indexOf("\n\n[bytes "));
            int from = Integer.parseInt(read.replaceAll("(?s).*\\[bytes (\\d+) to (\\d+) of .*", "$1"));
            int to = Integer.parseInt(read.replaceAll("(?s).*\\[bytes (\\d+) to (\\d+) of .*", "$2"));
            assertThat(shown).isEqualTo(new String(bytes, from, to - from, StandardCharsets.UTF_8));
            assertThat(from).isBetween(4095, 4097);
            assertThat(read).contains("of " + bytes.length + "; the next offset is " + to);
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
