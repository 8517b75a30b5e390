package dev.cairn.models;

import java.util.regex.Pattern;

/**
 * Turns a provider client's failure into a sentence fit for the log and the API: the root cause
 * named, the API key (and anything shaped like one) masked, and the length bounded. Stateless.
 */
public final class FailureText {

    private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[A-Za-z0-9*_.\\-]{3,}");
    private static final int MAX_LENGTH = 1_000;

    private FailureText() {
    }

    /** The failure's message, with its root cause's when that says more. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = failure.getMessage() == null || failure.getMessage().isBlank() ? "" : failure.getMessage();
        if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = (message.isEmpty() ? "" : message + ": ") + root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        return message.isEmpty() ? failure.getClass().getSimpleName() : message;
    }

    /** {@code message} without {@code apiKey} or anything shaped like a key, at most 1,000 characters. */
    public static String redact(String message, String apiKey) {
        String redacted = message;
        if (apiKey != null && !apiKey.isEmpty()) {
            redacted = redacted.replace(apiKey, "(api key)");
        }
        redacted = KEY_LIKE.matcher(redacted).replaceAll("sk-(masked)");
        return redacted.length() <= MAX_LENGTH ? redacted : redacted.substring(0, MAX_LENGTH) + "...";
    }
}
