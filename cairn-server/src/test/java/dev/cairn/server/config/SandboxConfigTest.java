package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.tools.code.SandboxSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sandbox} section of {@code cairn.yaml}. */
class SandboxConfigTest {

    @TempDir
    Path folder;

    private CairnConfig load(String yaml) throws Exception {
        Path file = Files.writeString(folder.resolve("cairn.yaml"), yaml);
        return ConfigLoader.create(Map.of()).load(new ConfigLoader.Overrides(file, null, null, null));
    }

    @Test
    void withoutASectionProgramsRunInBubblewrapWithTheDefaultLimits() {
        CairnConfig config = ConfigLoader.create(Map.of()).load(ConfigLoader.Overrides.NONE);
        assertThat(config.sandbox()).isEqualTo(SandboxSettings.DEFAULTS);
        assertThat(config.sandbox().mode()).isEqualTo(SandboxSettings.Mode.BUBBLEWRAP);
    }

    @Test
    void limitsAndTheUnsandboxedModeAreRead() throws Exception {
        SandboxSettings settings = load("""
                sandbox: {mode: unsandboxed, cpu: 5s, memory: 256MiB, processes: 32, file_size: 8MiB, tmp: 16MiB,
                          wall: 1m, output: 16KiB, concurrency: 2, uid_base: 300000}
                """).sandbox();
        assertThat(settings).isEqualTo(new SandboxSettings(SandboxSettings.Mode.UNSANDBOXED, Duration.ofSeconds(5),
                256L * 1024 * 1024, 32, 8L * 1024 * 1024, 16L * 1024 * 1024, Duration.ofMinutes(1), 16 * 1024, 2, 300_000));
        assertThat(load("sandbox: {wall: 10s}").sandbox()).isEqualTo(SandboxSettings.DEFAULTS.withWall(Duration.ofSeconds(10)));
    }

    @Test
    void everyBadValueIsNamed() {
        assertThatThrownBy(() -> load("""
                sandbox: {mode: docker, cpu: forever, memory: lots, processes: many, network: true}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sandbox.mode 'docker' is not one of bubblewrap, unsandboxed")
                .hasMessageContaining("sandbox.cpu 'forever' is not a duration")
                .hasMessageContaining("sandbox.memory 'lots' is not a size")
                .hasMessageContaining("sandbox.processes must be a whole number")
                .hasMessageContaining("sandbox.network is not a known key");
        assertThatThrownBy(() -> load("sandbox: {memory: 1MiB}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sandbox.memory must be from 16777216");
        assertThatThrownBy(() -> load("sandbox: unsandboxed"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sandbox must be a mapping");
    }
}
