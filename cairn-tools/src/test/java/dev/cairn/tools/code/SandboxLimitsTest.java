package dev.cairn.tools.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits a sandboxed program runs under: CPU, memory, processes, file size and wall-clock time. */
class SandboxLimitsTest {

    @TempDir
    Path data;

    @Test
    void aBusyLoopIsKilledAtItsCpuLimit() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS.withCpu(Duration.ofSeconds(1))
                .withWall(Duration.ofSeconds(60)));
        JsonNode result = harness.run("ses_a", "python3", "while True:\n    pass");
        assertThat(result.get("exit_code").asInt()).isEqualTo(CodeResult.CPU_LIMIT_EXIT);
        assertThat(result.get("timed_out").asBoolean()).isFalse();
        assertThat(result.get("note").asText()).contains("CPU time limit of 1s");
    }

    @Test
    void memoryPastTheLimitCannotBeHadInPythonOrNode() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS.withMemoryBytes(128L * 1024 * 1024));
        JsonNode python = harness.run("ses_a", "python3", """
                small = bytearray(32 * 1024 * 1024)
                print('small ok')
                big = bytearray(256 * 1024 * 1024)
                print('big ok')
                """);
        assertThat(python.get("stdout").asText()).isEqualTo("small ok\n");
        assertThat(python.get("stderr").asText()).contains("MemoryError");
        assertThat(python.get("exit_code").asInt()).isNotZero();

        JsonNode node = harness.run("ses_a", "node", """
                console.log('started');
                const kept = [];
                for (let i = 0; i < 64; i++) kept.push(Buffer.alloc(8 * 1024 * 1024, 1));
                console.log('allocated', kept.length * 8, 'MiB');
                """);
        assertThat(node.get("stdout").asText()).isEqualTo("started\n");
        assertThat(node.get("exit_code").asInt()).isNotZero();
    }

    @Test
    void processesPastTheLimitCannotBeStartedAndAForkBombEndsWithNothingLeft() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS.withProcesses(16)
                .withWall(Duration.ofSeconds(5)));
        JsonNode counted = harness.run("ses_a", "python3", """
                import os, time
                started, error = 0, None
                for _ in range(64):
                    try:
                        if os.fork() == 0:
                            time.sleep(3)
                            os._exit(0)
                        started += 1
                    except OSError as e:
                        error = e.strerror
                        break
                print(started, error)
                """);
        String[] fields = counted.get("stdout").asText().strip().split(" ", 2);
        assertThat(Integer.parseInt(fields[0])).isLessThan(16);
        assertThat(fields[1]).isEqualTo("Resource temporarily unavailable");

        String marker = "cairnbomb" + System.nanoTime();
        JsonNode bomb = harness.run("ses_a", "bash", marker + "() { " + marker + " | " + marker + " & }; " + marker
                + "; sleep 100");
        assertThat(bomb.get("timed_out").asBoolean()).isTrue();
        assertThat(CodeRunHarness.processesWith(marker)).isEmpty();
        assertThat(harness.run("ses_a", "bash", "echo still works").get("stdout").asText()).isEqualTo("still works\n");
    }

    @Test
    void theWallClockLimitKillsTheProgramAndEverythingItStarted() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS.withWall(Duration.ofSeconds(2)));
        String marker = "cairnwall" + System.nanoTime();
        Process control = new ProcessBuilder("bash", "-c", "exec -a " + marker + "-control sleep 60").start();
        try {
            // The same search finds a process that does exist.
            assertThat(control.isAlive()).isTrue();
            assertThat(CodeRunHarness.processesWith(marker)).contains(control.pid());
        } finally {
            control.destroyForcibly().waitFor();
        }
        JsonNode result = harness.run("ses_a", "bash", """
                (exec -a %s sleep 1000) &
                (sleep 1000; echo late) &
                python3 -c 'import time; print("started", flush=True); time.sleep(1000)' %s
                """.formatted(marker, marker));
        assertThat(result.get("timed_out").asBoolean()).isTrue();
        assertThat(result.get("stdout").asText()).isEqualTo("started\n");
        assertThat(result.get("note").asText()).contains("wall-clock limit of 2000ms");
        assertThat(result.get("duration_ms").asLong()).isBetween(2_000L, 15_000L);
        assertThat(CodeRunHarness.processesWith(marker)).isEmpty();
    }

    @Test
    void filesPastTheSizeLimitCannotBeWritten() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS.withFileBytes(1024 * 1024));
        JsonNode result = harness.run("ses_a", "python3", """
                try:
                    with open('big.bin', 'wb') as f:
                        f.write(b'x' * (2 * 1024 * 1024))
                    print('wrote')
                except OSError as e:
                    print('refused', e.strerror)
                """);
        assertThat(result.get("stdout").asText()).isEqualTo("refused File too large\n");
        assertThat(data.resolve("workspaces/ses_a/big.bin")).hasSize(1024 * 1024);
    }
}
