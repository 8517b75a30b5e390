package dev.cairn.core.memory;

import java.util.Locale;

/**
 * Where a long-term memory stands. Only {@code current} items are listed, searched and recalled;
 * a {@code superseded} one names the item that replaced it; a {@code deleted} one is kept only as
 * history.
 */
public enum MemoryStatus {
    CURRENT, SUPERSEDED, DELETED;

    /** The name used in the API and in the store. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a store wrote as {@code name}. */
    public static MemoryStatus parse(String name) {
        for (MemoryStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown memory status '" + name + "'");
    }
}
