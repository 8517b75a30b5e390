package dev.cairn.core.tool.policy;

import java.util.Objects;

/**
 * Why a tool call was refused before it ran. The loop records it ({@code tool.refused}) and tells
 * the model {@code message} as the call's error.
 *
 * @param reason  {@link #DENIED}, {@link #UNKNOWN_TOOL}, {@link #INVALID_ARGUMENTS} or {@link #RATE_LIMITED}
 * @param rule    the rule that decided, or null when no rule did (an unknown tool, bad arguments)
 * @param message what the model is told
 */
public record Refusal(String reason, String rule, String message) {

    public static final String DENIED = "denied";
    public static final String UNKNOWN_TOOL = "unknown_tool";
    public static final String INVALID_ARGUMENTS = "invalid_arguments";
    public static final String RATE_LIMITED = "rate_limited";

    public Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
