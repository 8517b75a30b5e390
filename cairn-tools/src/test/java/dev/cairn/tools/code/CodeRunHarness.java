package dev.cairn.tools.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import dev.cairn.tools.workspace.WorkspaceTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A data folder with a workspace root, and {@code code_run} over it with the real bubblewrap and
 * interpreters of this machine.
 */
final class CodeRunHarness {

    final Path dataFolder;
    final WorkspaceTool workspace;
    final CodeSandbox sandbox;
    final CodeRunTool tool;

    CodeRunHarness(Path dataFolder, SandboxSettings settings) {
        this(dataFolder, CodeSandbox.open(settings));
        if (settings.mode() == SandboxSettings.Mode.BUBBLEWRAP) {
            assertThat(sandbox.status().ready())
                    .as("bubblewrap must work on this machine for these tests (.ci/run installs it with apt-get install "
                            + "bubblewrap): %s", sandbox.status().detail())
                    .isTrue();
        }
    }

    CodeRunHarness(Path dataFolder, CodeSandbox sandbox) {
        this.dataFolder = dataFolder;
        this.workspace = WorkspaceTool.create(dataFolder.resolve("workspaces"));
        this.sandbox = sandbox;
        this.tool = CodeRunTool.create(workspace, sandbox);
    }

    ToolOutcome call(String session, String language, String code) throws InterruptedException {
        return tool.call(new ToolInvocation("t", session, "r", "c", "k",
                Json.object().put("language", language).put("code", code), Map.of()));
    }

    /** The result of a call that ran, as the model reads it. */
    JsonNode run(String session, String language, String code) throws Exception {
        ToolOutcome outcome = call(session, language, code);
        assertThat(outcome).as("outcome of %s", code).isInstanceOf(ToolOutcome.Success.class);
        return Json.parse(((ToolOutcome.Success) outcome).output());
    }

    static String error(ToolOutcome outcome) {
        assertThat(outcome).isInstanceOf(ToolOutcome.Failure.class);
        return ((ToolOutcome.Failure) outcome).error();
    }

    /** Processes on this machine whose command line holds {@code marker}. */
    static List<Long> processesWith(String marker) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(entry -> entry.getFileName().toString().matches("\\d+"))
                    .filter(entry -> {
                        try {
                            return new String(Files.readAllBytes(entry.resolve("cmdline"))).contains(marker);
                        } catch (IOException e) {
                            return false; // the process ended meanwhile
                        }
                    })
                    .map(entry -> Long.parseLong(entry.getFileName().toString())).toList();
        }
    }
}
