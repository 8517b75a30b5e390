package dev.cairn.core.memory;

import dev.cairn.core.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a long-term memory is: a {@code note} saved on purpose (by an agent's tool or through the
 * API), or what extraction distilled from a conversation: a {@code fact}, a {@code preference} or
 * a {@code summary}.
 */
public enum MemoryKind {
    NOTE, FACT, PREFERENCE, SUMMARY;

    /** The name used in the API and in the store. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code name}, or a 4xx naming the accepted values. */
    public static MemoryKind parse(String name) {
        for (MemoryKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        throw new InvalidRequestException("kind must be one of " + Arrays.stream(values()).map(MemoryKind::wireName)
                .collect(Collectors.joining(", ")) + ", got " + (name == null ? "nothing" : "'" + name + "'"));
    }
}
