package dev.cairn.core.loop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Idempotency keys for tool calls: the same session, run, step and call always give the same key. */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    static String of(String sessionId, String runId, int step, String callId) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((sessionId + "\n" + runId + "\n" + step + "\n" + callId).getBytes(StandardCharsets.UTF_8));
            return "cairn-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
