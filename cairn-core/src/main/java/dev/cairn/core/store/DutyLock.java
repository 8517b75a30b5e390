package dev.cairn.core.store;

import java.util.regex.Pattern;

/**
 * The hold of one node on a duty that must run on one node at a time across every node sharing a
 * store (the retention sweep, for one), taken with {@link Store#exclusive}. Closing it lets
 * another node take the duty; a node that dies loses its hold with its connection or process.
 * Closing more than once does nothing.
 */
public interface DutyLock extends AutoCloseable {

    /** What a duty's name may be: lower-case letters, digits, dots and dashes, 1 to 60 of them. */
    Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,59}");

    /** The duty held. */
    String name();

    /** Gives the duty up. */
    @Override
    void close();

    /** Checks a duty's name, answering it. */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a duty's name is 1-60 of [a-z0-9.-], starting with a letter or digit, got "
                    + name);
        }
        return name;
    }
}
