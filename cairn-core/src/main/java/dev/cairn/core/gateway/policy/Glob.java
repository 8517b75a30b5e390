package dev.cairn.core.gateway.policy;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The globs policy rules match with: {@code *} stands for any run of characters (slashes
 * included, as model names may hold them), {@code ?} for exactly one, and every other character
 * for itself. Bracket classes, braces and backslashes are refused rather than taken literally, so
 * a pattern written for another glob dialect fails where it is written instead of matching
 * nothing; a rule's match field takes a list where alternatives are needed.
 */
final class Glob {

    private static final String RESERVED = "[]{}\\";

    private Glob() {
    }

    /** Why {@code pattern} is not a glob, or empty when it is one. */
    static Optional<String> problem(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return Optional.of("an empty pattern matches nothing; use \"*\" for any value");
        }
        if (!pattern.strip().equals(pattern)) {
            return Optional.of("'" + pattern + "' starts or ends with white space");
        }
        for (char c : pattern.toCharArray()) {
            if (RESERVED.indexOf(c) >= 0) {
                return Optional.of("'" + pattern + "' uses '" + c + "', which globs here do not support"
                        + " (only * and ?); list several patterns instead");
            }
            if (Character.isISOControl(c)) {
                return Optional.of("'" + pattern.replaceAll("\\p{Cntrl}", "?") + "' holds a control character");
            }
        }
        return Optional.empty();
    }

    /**
     * The pattern as a test of whole values: plain text compares equal, {@code text*} compares the
     * start, anything else runs a regular expression compiled here once.
     *
     * @throws IllegalArgumentException when {@link #problem} finds one
     */
    static Predicate<String> compile(String pattern) {
        problem(pattern).ifPresent(found -> {
            throw new IllegalArgumentException(found);
        });
        int firstWildcard = firstWildcard(pattern);
        if (firstWildcard < 0) {
            return pattern::equals;
        }
        if (firstWildcard == pattern.length() - 1 && pattern.charAt(firstWildcard) == '*') {
            String prefix = pattern.substring(0, firstWildcard);
            return value -> value.startsWith(prefix);
        }
        Pattern regex = regex(pattern);
        return value -> regex.matcher(value).matches();
    }

    private static int firstWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) == '*' || pattern.charAt(i) == '?') {
                return i;
            }
        }
        return -1;
    }

    private static Pattern regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
