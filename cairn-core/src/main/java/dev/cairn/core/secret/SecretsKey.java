package dev.cairn.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit AES key that seals every secret of a server. Immutable. Its {@link #id()} is derived
 * from the key by a one-way hash, so stored rows can say which key sealed them without revealing
 * it; {@link #toString()} shows only the id.
 */
public final class SecretsKey {

    public static final int BYTES = 32;

    private final byte[] key;
    private final String id;

    private SecretsKey(byte[] key) {
        this.key = key.clone();
        this.id = idOf(key);
    }

    /**
     * A key from exactly 32 bytes.
     *
     * @throws IllegalArgumentException when {@code key} is not 32 bytes long
     */
    public static SecretsKey of(byte[] key) {
        if (key == null || key.length != BYTES) {
            throw new IllegalArgumentException("a secrets key must be " + BYTES + " bytes, got "
                    + (key == null ? 0 : key.length));
        }
        return new SecretsKey(key);
    }

    /**
     * A key from its standard base64 text (surrounding white space is ignored).
     *
     * @param source where the text came from, named in the message of a failure
     * @throws IllegalArgumentException naming {@code source} when the text is not base64 of 32 bytes;
     *                                  the message never repeats the text
     */
    public static SecretsKey fromBase64(String text, String source) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text == null ? "" : text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not valid base64; it must hold " + BYTES
                    + " random bytes in base64 (for example from: openssl rand -base64 32)");
        }
        if (decoded.length != BYTES) {
            throw new IllegalArgumentException(source + " holds " + decoded.length + " bytes; it must hold " + BYTES
                    + " random bytes in base64 (for example from: openssl rand -base64 32)");
        }
        return new SecretsKey(decoded);
    }

    /** The key as base64 text, to be written to a protected key file. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(key);
    }

    /** A short, stable id of the key: 16 hex characters of a SHA-256 over a label and the key. */
    public String id() {
        return id;
    }

    javax.crypto.SecretKey aesKey() {
        return new SecretKeySpec(key, "AES");
    }

    private static String idOf(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("cairn secrets key id\0".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(Arrays.copyOf(digest.digest(key), 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SecretsKey[" + id + "]";
    }
}
