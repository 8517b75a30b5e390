package dev.cairn.tools.code;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses sizes as people write them in YAML: {@code 4096}, {@code 64KiB}, {@code 512MiB}, {@code 1GiB}, {@code 10MB}.
 * Stateless and thread-safe.
 */
public final class ByteSizes {

    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB|kB|KB|MB|GB)?");

    private ByteSizes() {
    }

    /**
     * @param key the configuration key, named in the error
     * @throws IllegalArgumentException naming the key and the value when it is not a size above zero
     */
    public static long parse(String key, String text) {
        Matcher matcher = FORM.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a size like 65536, 64KiB, 512MiB or 1GiB");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        long factor = switch (unit) {
            case "KiB" -> 1024L;
            case "MiB" -> 1024L * 1024;
            case "GiB" -> 1024L * 1024 * 1024;
            case "kB", "KB" -> 1000L;
            case "MB" -> 1000L * 1000;
            case "GB" -> 1000L * 1000 * 1000;
            default -> 1L;
        };
        if (amount == 0) {
            throw new IllegalArgumentException(key + " '" + text + "' must be more than zero");
        }
        if (amount > Long.MAX_VALUE / factor) {
            throw new IllegalArgumentException(key + " '" + text + "' is too large");
        }
        return amount * factor;
    }
}
