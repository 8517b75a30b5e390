package dev.cairn.core.model;

/** Tokens a model call consumed, as the provider reported them (or as counted, when it did not). */
public record Usage(long inputTokens, long outputTokens) {

    public static final Usage ZERO = new Usage(0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative: " + inputTokens + ", " + outputTokens);
        }
    }

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
