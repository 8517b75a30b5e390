package dev.cairn.core.tool.policy;

import dev.cairn.core.agent.Durations;
import dev.cairn.core.agent.ToolEntry;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limits of one tool's calls, from its entry ({@code timeout}, {@code rate_limit},
 * {@code max_output}) or the defaults. Immutable.
 *
 * @param timeout        how long one call may run before it is stopped and fails
 * @param rateLimit      calls per window for one agent of one tenant, or null for no limit
 * @param maxOutputBytes the most UTF-8 bytes of output kept; the rest is cut off with a marker
 */
public record ToolLimits(Duration timeout, RateLimit rateLimit, int maxOutputBytes) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    public static final int DEFAULT_MAX_OUTPUT = 1024 * 1024;
    public static final int MIN_MAX_OUTPUT = 256;
    public static final int MAX_MAX_OUTPUT = 16 * 1024 * 1024;
    public static final ToolLimits DEFAULT = new ToolLimits(DEFAULT_TIMEOUT, null, DEFAULT_MAX_OUTPUT);

    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*(B|KiB|MiB|KB|MB|k|K|M)?");

    public ToolLimits {
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The limits a validated entry sets. */
    public static ToolLimits of(ToolEntry entry) {
        return new ToolLimits(
                entry.timeout() == null ? DEFAULT_TIMEOUT : Durations.parse("timeout", entry.timeout()),
                entry.rateLimit() == null ? null : RateLimit.parse("rate_limit", entry.rateLimit()),
                entry.maxOutput() == null ? DEFAULT_MAX_OUTPUT : bytes("max_output", entry.maxOutput()));
    }

    /**
     * A size written {@code 65536}, {@code 512B}, {@code 64KiB} or {@code 1MiB} ({@code KB}/{@code MB}
     * count 1024 too), from {@link #MIN_MAX_OUTPUT} to {@link #MAX_MAX_OUTPUT} bytes.
     *
     * @throws IllegalArgumentException naming {@code key} and the value
     */
    public static int bytes(String key, String text) {
        Matcher matcher = SIZE.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a size like 64KiB, 1MiB or 4096");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2).toUpperCase(Locale.ROOT);
        long size = switch (unit) {
            case "KIB", "KB", "K" -> amount * 1024;
            case "MIB", "MB", "M" -> amount * 1024 * 1024;
            default -> amount;
        };
        if (size < MIN_MAX_OUTPUT || size > MAX_MAX_OUTPUT) {
            throw new IllegalArgumentException(key + " '" + text + "' must be from " + MIN_MAX_OUTPUT + " bytes to 16MiB");
        }
        return (int) size;
    }
}
