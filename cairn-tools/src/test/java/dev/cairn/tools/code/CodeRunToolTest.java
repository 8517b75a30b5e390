package dev.cairn.tools.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code code_run} with the real bubblewrap, python3, node and bash: state, results, output cap, bad input, modes. */
class CodeRunToolTest {

    @TempDir
    Path data;

    @Test
    void filesAProgramWritesAreThereForTheNextCallInAnyLanguageAndForTheWorkspaceTool() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS);
        JsonNode wrote = harness.run("ses_a", "python3", """
                import os
                os.makedirs('results', exist_ok=True)
                with open('results/sum.txt', 'w') as f:
                    f.write(str(sum(range(101))))
                print(os.getcwd())
                """);
        assertThat(wrote.get("exit_code").asInt()).isZero();
        assertThat(wrote.get("stdout").asText()).isEqualTo("/workspace\n");
        assertThat(wrote.get("sandboxed").asBoolean()).isTrue();

        JsonNode read = harness.run("ses_a", "node", "console.log(require('fs').readFileSync('results/sum.txt', 'utf8'))");
        assertThat(read.get("stdout").asText()).isEqualTo("5050\n");
        assertThat(Files.readString(data.resolve("workspaces/ses_a/results/sum.txt"))).isEqualTo("5050");
        assertThat(output(harness.workspace.call(invocation("ses_a", "{\"operation\":\"read\",\"path\":\"results/sum.txt\"}"))))
                .isEqualTo("5050");

        // A file the workspace tool (the server) wrote can be changed by a program, and the change read back.
        harness.workspace.call(invocation("ses_a", "{\"operation\":\"write\",\"path\":\"notes.txt\",\"content\":\"one\"}"));
        JsonNode appended = harness.run("ses_a", "bash", "echo two >> notes.txt && cat notes.txt");
        assertThat(appended.get("stdout").asText()).isEqualTo("onetwo\n");
        assertThat(output(harness.workspace.call(invocation("ses_a", "{\"operation\":\"read\",\"path\":\"notes.txt\"}"))))
                .isEqualTo("onetwo\n");

        JsonNode otherSession = harness.run("ses_b", "bash", "ls -A; echo done");
        assertThat(otherSession.get("stdout").asText()).isEqualTo("done\n");
    }

    @Test
    void theResultCarriesExitCodeStdoutAndStderr() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS);
        JsonNode result = harness.run("ses_a", "bash", "echo out; echo err >&2; exit 3");
        assertThat(result.get("exit_code").asInt()).isEqualTo(3);
        assertThat(result.get("stdout").asText()).isEqualTo("out\n");
        assertThat(result.get("stderr").asText()).isEqualTo("err\n");
        assertThat(result.get("timed_out").asBoolean()).isFalse();
        assertThat(result.get("truncated").asBoolean()).isFalse();
        assertThat(result.has("note")).isFalse();

        JsonNode failed = harness.run("ses_a", "python3", "raise ValueError('bad value')");
        assertThat(failed.get("exit_code").asInt()).isEqualTo(1);
        assertThat(failed.get("stderr").asText()).contains("ValueError: bad value");
    }

    @Test
    void outputPastTheCapStopsTheProgramAndSaysTruncated() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS.withOutputBytes(4096)
                .withWall(java.time.Duration.ofSeconds(20)));
        JsonNode endless = harness.run("ses_a", "python3", "while True:\n    print('x' * 100)");
        assertThat(endless.get("truncated").asBoolean()).isTrue();
        assertThat(endless.get("timed_out").asBoolean()).isFalse();
        assertThat(endless.get("stdout").asText()).hasSize(4096).startsWith("xxxx");
        assertThat(endless.get("note").asText()).contains("output limit of 4096 bytes");
        assertThat(endless.get("duration_ms").asLong()).isLessThan(20_000);

        JsonNode small = harness.run("ses_a", "bash", "printf '%.0sy' $(seq 4096)");
        assertThat(small.get("truncated").asBoolean()).isFalse();
        assertThat(small.get("stdout").asText()).hasSize(4096);
    }

    @Test
    void badInputIsRefusedNamingTheProblemAndRunsNothing() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS);
        assertThatThrownBy(() -> harness.call("ses_a", "ruby", "puts 1"))
                .isInstanceOf(ToolInputException.class).hasMessageContaining("language 'ruby' is not one of python3, node, bash");
        assertThatThrownBy(() -> harness.tool.call(invocation("ses_a", "{\"language\":\"python3\"}")))
                .isInstanceOf(ToolInputException.class).hasMessageContaining("argument 'code' is required");
        assertThatThrownBy(() -> harness.tool.call(invocation("ses_a", "{\"language\":3,\"code\":\"print(1)\"}")))
                .isInstanceOf(ToolInputException.class).hasMessageContaining("argument 'language'");
        assertThatThrownBy(() -> harness.call("ses_a", "python3", "  \n"))
                .isInstanceOf(ToolInputException.class).hasMessageContaining("code is empty");
        assertThatThrownBy(() -> harness.call("ses_a", "bash", "echo a\0b"))
                .isInstanceOf(ToolInputException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> harness.call("ses_a", "python3", "#" + "x".repeat(CodeRunTool.MAX_CODE_BYTES)))
                .isInstanceOf(ToolInputException.class).hasMessageContaining("over the limit of 100000");
        assertThat(Files.exists(data.resolve("workspaces/ses_a"))).isFalse();
    }

    @Test
    void withoutBubblewrapTheToolRefusesAndSaysHowToAllowUnsandboxedRuns() throws Exception {
        CodeSandbox missing = CodeSandbox.open(SandboxSettings.DEFAULTS, List.of(data.resolve("no-such-bwrap")));
        assertThat(missing.status().ready()).isFalse();
        CodeRunHarness harness = new CodeRunHarness(data, missing);
        String error = CodeRunHarness.error(harness.call("ses_a", "bash", "touch ran.txt"));
        assertThat(error).contains("bubblewrap (bwrap) is not installed").contains("apt-get install bubblewrap")
                .contains("sandbox: {mode: unsandboxed}");
        assertThat(Files.exists(data.resolve("workspaces/ses_a/ran.txt"))).isFalse();
    }

    @Test
    void unsandboxedModeRunsOnlyWhenConfiguredAndSaysSoInTheDescriptionAndEveryResult() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, CodeSandbox.open(
                SandboxSettings.DEFAULTS.withMode(SandboxSettings.Mode.UNSANDBOXED), List.of(data.resolve("no-such-bwrap"))));
        assertThat(harness.tool.definition().description()).contains("WITHOUT A SANDBOX");
        JsonNode result = harness.run("ses_a", "bash", "pwd; echo $HOME");
        Path folder = data.resolve("workspaces/ses_a").toAbsolutePath();
        assertThat(result.get("stdout").asText()).isEqualTo(folder + "\n" + folder + "\n");
        assertThat(result.get("sandboxed").asBoolean()).isFalse();
        assertThat(result.get("warning").asText()).contains("WITHOUT a sandbox");

        CodeRunHarness sandboxed = new CodeRunHarness(data, SandboxSettings.DEFAULTS);
        assertThat(sandboxed.tool.definition().description()).contains("in a sandbox with no network")
                .doesNotContain("WITHOUT");
        assertThat(sandboxed.run("ses_a", "bash", "true").has("warning")).isFalse();
    }

    private static ToolInvocation invocation(String session, String json) throws Exception {
        return new ToolInvocation("t", session, "r", "c", "k", Json.parse(json), Map.of());
    }

    private static String output(ToolOutcome outcome) {
        assertThat(outcome).isInstanceOf(ToolOutcome.Success.class);
        return ((ToolOutcome.Success) outcome).output();
    }
}
