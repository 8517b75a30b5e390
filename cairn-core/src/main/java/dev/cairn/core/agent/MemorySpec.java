package dev.cairn.core.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An agent's memory configuration.
 *
 * <p>Every block has a character limit, which the agent's edits and people's edits through the API
 * must keep: {@link #DEFAULT_BLOCK_LIMIT} unless the definition sets another one. Only limits set
 * to something else are kept in {@code blockLimits}, so a definition written before limits existed
 * stores and compares exactly as it did.
 *
 * @param blocks      memory blocks (label to initial text), placed in context in this order
 * @param longTerm    its long-term memory, or null when it has none
 * @param blockLimits the character limit of each block whose limit is not the default
 */
public record MemorySpec(Map<String, String> blocks, LongTermSpec longTerm,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> blockLimits) {

    /** The character limit of a block whose definition sets none, and of blocks made through the API. */
    public static final int DEFAULT_BLOCK_LIMIT = 5_000;

    /** The highest limit a definition may set: a block is always in context, so it must stay small. */
    public static final int MAX_BLOCK_LIMIT = 100_000;

    public static final MemorySpec NONE = new MemorySpec(Map.of(), null);

    public MemorySpec {
        blocks = blocks == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
        Map<String, Integer> limits = new LinkedHashMap<>();
        if (blockLimits != null) {
            blockLimits.forEach((label, limit) -> {
                if (limit == null || limit < 1 || limit > MAX_BLOCK_LIMIT) {
                    throw new IllegalArgumentException("memory block '" + label + "' limit must be from 1 to "
                            + MAX_BLOCK_LIMIT + " characters, got " + limit);
                }
                if (limit != DEFAULT_BLOCK_LIMIT) {
                    limits.put(label, limit);
                }
            });
        }
        blockLimits = Collections.unmodifiableMap(limits);
    }

    /** Blocks that all have the default limit. */
    public MemorySpec(Map<String, String> blocks, LongTermSpec longTerm) {
        this(blocks, longTerm, Map.of());
    }

    /** The character limit of the block {@code label}, declared here or not. */
    public int limit(String label) {
        return blockLimits.getOrDefault(label, DEFAULT_BLOCK_LIMIT);
    }
}
