package dev.cairn.tools.sql;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Turns database failures into messages a model can read: the database's own words, without
 * stack traces, driver class names or the source's password.
 */
final class SqlErrors {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;\\s]*");

    private SqlErrors() {
    }

    /** {@code text} with {@code password} and any {@code password=...} URL parameter replaced by {@code ***}. */
    static String redact(String text, String password) {
        if (text == null) {
            return "";
        }
        String redacted = PASSWORD_PARAMETER.matcher(text).replaceAll("$1***");
        if (password != null && !password.isEmpty()) {
            redacted = redacted.replace(password, "***");
        }
        return redacted;
    }

    /** The most telling message in a failure's chain, first line only, redacted. */
    static String describe(Throwable failure, String password) {
        Throwable telling = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException && cause.getMessage() != null) {
                telling = cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        String message = telling.getMessage() == null ? telling.getClass().getSimpleName() : telling.getMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        message = message.replaceFirst("^\\(conn=\\d+\\) ", "").replaceFirst("^\\[SQLITE_[A-Z_]+\\]\\s*", "");
        String state = telling instanceof SQLException sql && sql.getSQLState() != null ? " (SQLSTATE " + sql.getSQLState() + ")" : "";
        return redact(message.strip() + state, password);
    }
}
