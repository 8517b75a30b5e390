package dev.cairn.server.secret;

import dev.cairn.core.secret.SecretsKey;
import dev.cairn.server.config.ConfigException;
import dev.cairn.server.config.SecretsConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

/**
 * Finds the key that seals secrets at start-up: the configured key ({@code CAIRN_SECRETS_KEY} or
 * {@code secrets.key: env:NAME}), else the key file, made on first start with 32 random bytes and
 * mode 0600. A key file that group or others may read or write, or a key that is not base64 of
 * 32 bytes, stops the start with a message saying what to do (and never the key). Stateless.
 */
public final class SecretsKeys {

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private SecretsKeys() {
    }

    /**
     * @throws ConfigException when the key is malformed, or its file is unsafe or cannot be read or made
     */
    public static SecretsKey load(SecretsConfig config, SecureRandom random) {
        if (config.key() != null) {
            try {
                return SecretsKey.fromBase64(config.key(), config.keyName());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("cannot start: " + e.getMessage());
            }
        }
        Path file = config.keyFile();
        try {
            if (!Files.exists(file)) {
                create(file, random);
            }
            return read(file);
        } catch (IOException e) {
            throw new ConfigException("cannot start: the secrets key file " + file + " cannot be used: " + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new ConfigException("cannot start: the file system of " + file + " has no POSIX permissions to protect"
                    + " the secrets key file; set CAIRN_SECRETS_KEY instead", e);
        }
    }

    private static SecretsKey read(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new ConfigException("cannot start: the secrets key file " + file + " may be read or written by others ("
                    + PosixFilePermissions.toString(permissions) + "); make it private with: chmod 600 " + file);
        }
        try {
            return SecretsKey.fromBase64(Files.readString(file, StandardCharsets.US_ASCII), "the secrets key file " + file);
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new ConfigException("cannot start: " + (e instanceof IllegalArgumentException ? e.getMessage()
                    : "the secrets key file " + file + " is not base64 text"));
        }
    }

    /**
     * Writes a new key beside {@code file} with mode 0600, forces it to disk, and links it into
     * place, so another process starting at the same moment either makes the file or uses the one
     * made first, never a half-written one.
     */
    private static void create(Path file, SecureRandom random) throws IOException {
        byte[] bytes = new byte[SecretsKey.BYTES];
        random.nextBytes(bytes);
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, ".secrets-key-", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap((SecretsKey.of(bytes).toBase64() + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException e) {
            // another process made it first; its key is the one to use
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
