package dev.cairn.core.memory;

import dev.cairn.core.InvalidRequestException;
import java.util.Locale;

/**
 * Who a long-term memory belongs to: one agent (all its users), one user (across agents and
 * sessions) or the whole tenant. A search only ever sees the owners it is given.
 */
public enum MemoryScope {
    AGENT, USER, TENANT;

    /** The name used in the API and in agent files: {@code agent}, {@code user}, {@code tenant}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code name}, or a 4xx naming the accepted values. */
    public static MemoryScope parse(String name) {
        if (name != null) {
            for (MemoryScope scope : values()) {
                if (scope.wireName().equals(name)) {
                    return scope;
                }
            }
        }
        throw new InvalidRequestException("scope must be one of agent, user, tenant, got " + (name == null ? "nothing" : "'" + name + "'"));
    }
}
