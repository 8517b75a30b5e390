package dev.cairn.server.runtime;

import static dev.cairn.server.runtime.ContextCompactionTest.ask;
import static dev.cairn.server.runtime.ContextCompactionTest.payloads;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import dev.cairn.core.run.RunView;
import dev.cairn.tools.code.CodeRunTool;
import dev.cairn.tools.code.CodeSandbox;
import dev.cairn.tools.code.SandboxSettings;
import dev.cairn.tools.workspace.WorkspaceTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent calls {@code code_run} in its runs: results go to the model and the log, files stay for the next run. */
class CodeRunRunTest {

    private static final String AGENT = """
            name: analyst
            instructions: Compute.
            tools: [{builtin: code}, {builtin: workspace}]
            """;

    @TempDir
    Path folder;

    @Test
    void aProgramsFilesOutliveItsRunAndItsResultIsInTheLog() throws Exception {
        WorkspaceTool workspace = WorkspaceTool.create(folder.resolve("workspaces"));
        CodeSandbox sandbox = CodeSandbox.open(SandboxSettings.DEFAULTS);
        assertThat(sandbox.status().ready()).as(sandbox.status().detail()).isTrue();
        try (RuntimeFixture fixture = RuntimeFixture.in(folder)
                .tool("workspace", workspace.factory())
                .tool(CodeRunTool.BUILTIN, CodeRunTool.create(workspace, sandbox).factory()).open()) {
            fixture.agent(AGENT);
            String session = fixture.session("analyst");

            RunView first = ask(fixture, session, "/call code_run " + Json.write(Json.object().put("language", "python3")
                    .put("code", "import json\njson.dump({'primes': [2, 3, 5, 7]}, open('primes.json', 'w'))\nprint('saved')")));
            JsonNode saved = result(first.output());
            assertThat(saved.get("exit_code").asInt()).isZero();
            assertThat(saved.get("stdout").asText()).isEqualTo("saved\n");

            RunView second = ask(fixture, session, "/call code_run " + Json.write(Json.object().put("language", "node")
                    .put("code", "const p = require('./primes.json').primes; console.log(p.reduce((a, b) => a + b))")));
            assertThat(result(second.output()).get("stdout").asText()).isEqualTo("17\n");
            assertThat(Files.readString(workspace.folder(session).resolve("primes.json"))).contains("[2, 3, 5, 7]");

            RunView refused = ask(fixture, session, "/call code_run {\"language\": \"cobol\", \"code\": \"DISPLAY 1\"}");
            assertThat(refused.output()).contains("the arguments do not match the input schema of 'code_run'")
                    .contains("/language: does not have a value in the enumeration [\"python3\", \"node\", \"bash\"]");

            List<Event> events = fixture.store.events().readAll(session);
            List<EventPayload.ToolCompleted> completed = payloads(events, EventPayload.ToolCompleted.class);
            assertThat(completed).extracting(EventPayload.ToolCompleted::tool).containsExactly("code_run", "code_run");
            assertThat(Json.parse(completed.get(1).output()).get("stdout").asText()).isEqualTo("17\n");
            assertThat(payloads(events, EventPayload.ToolFailed.class)).singleElement()
                    .satisfies(failed -> assertThat(failed.error()).contains("/language: does not have a value in the enumeration"));
        }
    }

    private static JsonNode result(String runOutput) throws Exception {
        assertThat(runOutput).startsWith("code_run -> ");
        return Json.parse(runOutput.substring("code_run -> ".length()));
    }
}
