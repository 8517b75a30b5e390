package dev.cairn.testing.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixturesTest {

    @Test
    void findsTheSharedFolderBesideTheRepository() {
        assertThat(Fixtures.providerWire()).isDirectory().endsWith(Fixtures.PROVIDER_WIRE);
        assertThat(Fixtures.providerWire("openai-chat/test_text_response.yaml")).isRegularFile();
    }

    @Test
    void walksUpFromAModuleOfAClonedRepository(@TempDir Path root) throws Exception {
        Path fixtures = Files.createDirectories(root.resolve("shared/fixtures/provider-wire"));
        Path module = Files.createDirectories(root.resolve("clone/cairn-models"));

        assertThat(Fixtures.providerWireFrom(module)).isEqualTo(fixtures);
    }

    @Test
    void failsNamingWhereItLookedWhenTheFolderIsMissing(@TempDir Path root) throws Exception {
        // Bounded at the temporary folder: a machine may well hold shared/ somewhere above it.
        Path module = Files.createDirectories(root.resolve("clone/cairn-models"));
        assertThatThrownBy(() -> Fixtures.providerWireFrom(module, root))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shared/fixtures/provider-wire")
                .hasMessageContaining(root.toString());
    }

    @Test
    void failsNamingAMissingFile() {
        assertThatThrownBy(() -> Fixtures.providerWire("openai-chat/no_such_cassette.yaml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no_such_cassette.yaml");
    }
}
