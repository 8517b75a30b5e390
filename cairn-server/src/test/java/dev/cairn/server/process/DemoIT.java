package dev.cairn.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn demo} as a newcomer runs it: offline, it starts, converses once, and says how to go on. */
class DemoIT {

    @TempDir
    Path folder;

    @Test
    void theDemoRunsASampleConversationOfflineAndKeepsItsKey() throws Exception {
        String output;
        try (ServerProcess demo = ServerProcess.start(folder, Map.of(), "demo", "--port", "0", "--exit")) {
            assertThat(demo.waitForExit(Duration.ofSeconds(90))).isZero();
            output = String.join("\n", demo.output());
        }
        assertThat(output).contains("scripted - offline and deterministic");
        assertThat(output).contains("Sample conversation");
        assertThat(output).contains("workspace -> wrote 16 bytes to hello.txt");
        assertThat(output).contains("memory_save -> {\"id\":\"mem_");
        assertThat(output).contains("completed");
        assertThat(output).containsPattern("admin key: +cairn_sk_");
        Path keyFile = folder.resolve("cairn-data/admin.key");
        assertThat(Files.readString(keyFile).trim()).startsWith("cairn_sk_");
        assertThat(Files.getPosixFilePermissions(keyFile)).hasSize(2);
        assertThat(Files.readString(folder.resolve("cairn-data/workspaces").resolve(
                Files.list(folder.resolve("cairn-data/workspaces")).findFirst().orElseThrow().getFileName()).resolve("hello.txt")))
                .isEqualTo("Hello from Cairn");

        try (ServerProcess again = ServerProcess.start(folder, Map.of(), "demo", "--port", "0", "--exit")) {
            assertThat(again.waitForExit(Duration.ofSeconds(90))).isZero();
            assertThat(String.join("\n", again.output())).contains(Files.readString(keyFile).trim());
        }
    }
}
