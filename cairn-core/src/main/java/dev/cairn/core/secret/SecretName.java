package dev.cairn.core.secret;

import dev.cairn.core.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * The rules for secret names: a letter, then up to 63 letters, digits, {@code _} or {@code -}.
 * Names are case-sensitive. No dots or colons, so {@code secret:NAME} ends unambiguously inside a
 * header value. Stateless.
 */
public final class SecretName {

    /** A name as it may appear after {@code secret:}. */
    public static final String PATTERN = "[A-Za-z][A-Za-z0-9_-]{0,63}";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    private SecretName() {
    }

    public static boolean valid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * @return {@code name}
     * @throws InvalidRequestException naming the rule the name breaks
     */
    public static String check(String name) {
        if (!valid(name)) {
            throw new InvalidRequestException("secret name '" + shown(name) + "' is not valid: use a letter, then up to"
                    + " 63 letters, digits, '_' or '-'");
        }
        return name;
    }

    private static String shown(String name) {
        if (name == null) {
            return "";
        }
        return name.length() > 80 ? name.substring(0, 80) + "..." : name;
    }
}
