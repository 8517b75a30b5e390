package dev.cairn.core.agent;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as people write them in YAML: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * @param key the configuration key, named in the error
     * @throws IllegalArgumentException naming the key and the value when it is not a duration
     */
    public static Duration parse(String key, String text) {
        Matcher matcher = FORM.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a duration like 500ms, 30s, 15m, 2h or 1d");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (duration.isZero()) {
            throw new IllegalArgumentException(key + " '" + text + "' must be longer than zero");
        }
        return duration;
    }
}
