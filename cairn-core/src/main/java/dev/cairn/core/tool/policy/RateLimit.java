package dev.cairn.core.tool.policy;

import dev.cairn.core.agent.Durations;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code calls} calls in any {@code window}, written {@code 10/m}, {@code 100/h},
 * {@code 5/s}, {@code 1000/d} or with a length of window, {@code 20/30s}.
 */
public record RateLimit(int calls, Duration window) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,6})\\s*/\\s*(\\d{0,6})(ms|s|m|h|d)");
    static final Duration MAX_WINDOW = Duration.ofDays(1);

    public RateLimit {
        if (calls < 1) {
            throw new IllegalArgumentException("a rate limit allows at least 1 call, got " + calls);
        }
        if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("a rate limit's window is longer than zero and at most 1d, got " + window);
        }
    }

    /**
     * @param key the field, named in the error
     * @throws IllegalArgumentException naming the field and the value when it is not a rate limit
     */
    public static RateLimit parse(String key, String text) {
        Matcher matcher = FORM.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a rate limit like 10/m, 100/h or 20/30s");
        }
        String amount = matcher.group(2).isEmpty() ? "1" : matcher.group(2);
        Duration window = Durations.parse(key, amount + matcher.group(3));
        if (window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException(key + " '" + text + "' has a window longer than 1d");
        }
        int calls = Integer.parseInt(matcher.group(1));
        if (calls < 1) {
            throw new IllegalArgumentException(key + " '" + text + "' must allow at least 1 call");
        }
        return new RateLimit(calls, window);
    }

    /** As written: {@code 10/1m}. */
    public String describe() {
        return calls + "/" + window.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
