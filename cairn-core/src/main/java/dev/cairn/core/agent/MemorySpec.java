package dev.cairn.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An agent's memory configuration.
 *
 * @param blocks   memory blocks (label to initial text), placed in context in this order
 * @param longTerm long-term memory settings, as written (scope, extract)
 */
public record MemorySpec(Map<String, String> blocks, JsonNode longTerm) {

    public static final MemorySpec NONE = new MemorySpec(Map.of(), null);

    public MemorySpec {
        blocks = blocks == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
    }
}
