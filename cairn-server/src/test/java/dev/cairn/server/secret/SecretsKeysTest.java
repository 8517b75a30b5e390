package dev.cairn.server.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.secret.SecretsKey;
import dev.cairn.server.config.ConfigException;
import dev.cairn.server.config.SecretsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsKeysTest {

    @TempDir
    Path folder;

    private final SecureRandom random = new SecureRandom();

    private SecretsKey fromFile(Path file) {
        return SecretsKeys.load(new SecretsConfig(null, null, file), random);
    }

    @Test
    void theFirstStartMakesAPrivateKeyFileAndLaterStartsUseIt() throws Exception {
        Path file = folder.resolve("data/secrets.key");

        SecretsKey first = fromFile(file);
        SecretsKey second = fromFile(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        assertThat(second.id()).isEqualTo(first.id());
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file);
        }
    }

    @Test
    void aKeyFileOthersMayReadStopsTheStart() throws Exception {
        Path file = folder.resolve("secrets.key");
        fromFile(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> fromFile(file)).isInstanceOf(ConfigException.class)
                .hasMessage("cannot start: the secrets key file " + file + " may be read or written by others (rw-r--r--);"
                        + " make it private with: chmod 600 " + file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        assertThatThrownBy(() -> fromFile(file)).hasMessageContaining("(rw--w----)");
    }

    @Test
    void aMalformedKeyStopsTheStartWithoutShowingIt() throws Exception {
        Path file = folder.resolve("secrets.key");
        Files.writeString(file, "c2hvcnQta2V5\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> fromFile(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot start: the secrets key file " + file + " holds 9 bytes; it must hold 32");
        Files.writeString(file, "not*base64!");
        assertThatThrownBy(() -> fromFile(file)).hasMessageContaining("is not valid base64").hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> SecretsKeys.load(new SecretsConfig("sk-wrong-length", "CAIRN_SECRETS_KEY", file), random))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("cannot start: CAIRN_SECRETS_KEY")
                .hasMessageNotContaining("sk-wrong-length");
    }

    @Test
    void aConfiguredKeyIsUsedAndNoFileIsMade() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        Path file = folder.resolve("secrets.key");

        SecretsKey key = SecretsKeys.load(new SecretsConfig(Base64.getEncoder().encodeToString(bytes), "CAIRN_SECRETS_KEY",
                file), random);

        assertThat(key.id()).isEqualTo(SecretsKey.of(bytes).id());
        assertThat(file).doesNotExist();
        assertThat(key.toString()).doesNotContain(Base64.getEncoder().encodeToString(bytes));
    }
}
