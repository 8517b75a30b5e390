package dev.cairn.core.gateway;

import java.util.Objects;

/**
 * A policy's decision about one call.
 *
 * @param version the policy version that decided
 * @param rule    the name of the rule that decided ({@code default} when none matched)
 * @param message why, for refusals and the log
 */
public record PolicyDecision(boolean allowed, long version, String rule, String message) {
    public PolicyDecision {
        Objects.requireNonNull(rule, "rule");
        message = message == null ? "" : message;
    }
}
