package dev.cairn.models.openai;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads how long a provider asked the caller to wait: OpenAI's {@code retry-after-ms}
 * (milliseconds), then the standard {@code Retry-After} (seconds or an HTTP date).
 * Unreadable or absent values mean "did not say" (0).
 */
final class RetryAfter {

    private static final long MAX_MILLIS = Duration.ofHours(1).toMillis();
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,9}(\\.\\d{1,6})?");

    private RetryAfter() {
    }

    /**
     * @param header the values of a header by case-insensitive name (empty when absent)
     * @param clock  the time an HTTP date is measured from
     * @return the wait in milliseconds, at most an hour, or 0 when the provider did not say
     */
    static long millis(Function<String, List<String>> header, Clock clock) {
        long millis = first(header, "retry-after-ms").map(value -> decimal(value, 1)).orElse(-1L);
        if (millis < 0) {
            millis = first(header, "retry-after").map(value -> secondsOrDate(value, clock)).orElse(-1L);
        }
        return Math.min(Math.max(millis, 0), MAX_MILLIS);
    }

    private static Optional<String> first(Function<String, List<String>> header, String name) {
        List<String> values = header.apply(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst().strip());
    }

    private static long secondsOrDate(String value, Clock clock) {
        long millis = decimal(value, 1000);
        if (millis >= 0) {
            return millis;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Duration.between(clock.instant(), at.toInstant()).toMillis();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** A non-negative decimal times {@code scale}, rounded up, or -1 when the text is not one. */
    private static long decimal(String value, long scale) {
        return DECIMAL.matcher(value).matches() ? (long) Math.ceil(Double.parseDouble(value) * scale) : -1;
    }
}
