package dev.cairn.core.loop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency keys for tool calls, and ids for the approvals they wait for: the same session,
 * run, step and call (and, for approvals, the same count of earlier approvals of the call) always
 * give the same value, so a run rebuilt from its log names things as it did the first time.
 */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    static String of(String sessionId, String runId, int step, String callId) {
        return "cairn-" + hash(sessionId + "\n" + runId + "\n" + step + "\n" + callId, 16);
    }

    /** The id of the call's {@code earlier + 1}-th approval. */
    static String approvalId(String sessionId, String runId, int step, String callId, int earlier) {
        return "apr_" + hash("approval\n" + sessionId + "\n" + runId + "\n" + step + "\n" + callId + "\n" + earlier, 12);
    }

    private static String hash(String text, int bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
