package dev.cairn.core.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One stored version of the model-call policy.
 *
 * @param version   its number, from 1
 * @param document  the canonical JSON text of the policy
 * @param sha256    the SHA-256 of the document's UTF-8 bytes, in lowercase hex
 * @param createdAt when it was stored
 * @param source    where it came from ({@code config:PATH}, {@code api:KEY_ID})
 */
public record PolicyVersion(long version, String document, String sha256, Instant createdAt, String source) {

    public PolicyVersion {
        if (version < 1) {
            throw new IllegalArgumentException("a policy version is numbered from 1, got " + version);
        }
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(source, "source");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got " + sha256);
        }
    }

    /** The SHA-256 of {@code document}'s UTF-8 bytes, in lowercase hex. */
    public static String sha256Of(String document) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
