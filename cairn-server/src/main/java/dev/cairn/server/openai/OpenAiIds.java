package dev.cairn.server.openai;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's ids over Cairn's: a conversation {@code conv_X} is session {@code ses_X}; a response
 * {@code resp_X} is the first part of run {@code run_X}, and {@code resp_X_N} its part after the
 * caller's N-th round of function outputs. Item ids are derived from what they show, so reading a
 * response twice, or streaming it, gives the same ids. Nothing here is stored.
 */
final class OpenAiIds {

    private static final Pattern RESPONSE = Pattern.compile("resp_([0-9a-z]{1,64})(?:_([0-9]{1,6}))?");
    private static final Pattern CONVERSATION = Pattern.compile("conv_([0-9a-z]{1,64})");

    private OpenAiIds() {
    }

    /** A response: the run it is part of, and which part (0 until the caller first sends function outputs). */
    record ResponseRef(String runId, int part) {
    }

    static String response(String runId, int part) {
        String base = "resp_" + suffix(runId, "run_");
        return part == 0 ? base : base + "_" + part;
    }

    static Optional<ResponseRef> parseResponse(String id) {
        Matcher matcher = id == null ? null : RESPONSE.matcher(id);
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        int part = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        return Optional.of(new ResponseRef("run_" + matcher.group(1), part));
    }

    static String conversation(String sessionId) {
        return "conv_" + suffix(sessionId, "ses_");
    }

    static Optional<String> parseConversation(String id) {
        Matcher matcher = id == null ? null : CONVERSATION.matcher(id);
        return matcher != null && matcher.matches() ? Optional.of("ses_" + matcher.group(1)) : Optional.empty();
    }

    /** The assistant message a run's model step wrote. */
    static String message(String runId, int step) {
        return "msg_" + digest(runId + "/step/" + step);
    }

    /** The function call {@code callId} of a run. */
    static String functionCall(String runId, String callId) {
        return "fc_" + digest(runId + "/call/" + callId);
    }

    /** The caller's output of function call {@code callId} of a run. */
    static String functionOutput(String runId, String callId) {
        return "fco_" + digest(runId + "/output/" + callId);
    }

    private static String suffix(String id, String prefix) {
        return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
