package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.tools.code.CodeRunTool;
import dev.cairn.tools.code.CodeSandbox;
import dev.cairn.tools.code.SandboxSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /readyz} says how the code sandbox stands, as the server wires it. */
class ReadinessDetailsApiTest {

    @TempDir
    Path folder;

    @Test
    void readinessCarriesTheSandboxsCurrentStatus() {
        CodeSandbox sandboxed = CodeSandbox.open(SandboxSettings.DEFAULTS);
        CodeSandbox unsandboxed = CodeSandbox.open(SandboxSettings.DEFAULTS.withMode(SandboxSettings.Mode.UNSANDBOXED));
        try (ApiFixture fixture = ApiFixture.start(folder, Map.of(CodeRunTool.NAME, () -> sandboxed.status().detail(),
                "code_run_unsandboxed", () -> unsandboxed.status().detail()))) {
            JsonNode ready = fixture.api.as(null).get("/readyz").expect(200).json();
            assertThat(ready.get("status").asText()).isEqualTo("ready");
            assertThat(ready.path("details").path("code_run").asText()).startsWith("programs run in a bubblewrap sandbox");
            assertThat(ready.path("details").path("code_run_unsandboxed").asText()).contains("WITHOUT a sandbox");
        }
    }
}
