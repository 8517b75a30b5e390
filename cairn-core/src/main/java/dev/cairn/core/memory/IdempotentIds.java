package dev.cairn.core.memory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Ids derived from an idempotency key: the same tenant and key always give the same id. */
final class IdempotentIds {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private IdempotentIds() {
    }

    /** {@code prefix_} and 20 characters of Crockford base32 from the SHA-256 of tenant and key (100 bits). */
    static String of(String prefix, String tenantId, String key) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest((tenantId + "\n" + key).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        char[] chars = new char[20];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[digest[i] & 31];
        }
        return prefix + "_" + new String(chars);
    }
}
