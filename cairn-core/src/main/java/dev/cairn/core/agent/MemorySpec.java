package dev.cairn.core.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An agent's memory configuration.
 *
 * @param blocks   memory blocks (label to initial text), placed in context in this order
 * @param longTerm its long-term memory, or null when it has none
 */
public record MemorySpec(Map<String, String> blocks, LongTermSpec longTerm) {

    public static final MemorySpec NONE = new MemorySpec(Map.of(), null);

    public MemorySpec {
        blocks = blocks == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
    }
}
