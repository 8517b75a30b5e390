package dev.cairn.server.config;

import dev.cairn.core.gateway.policy.PolicyDocument;
import java.util.Objects;

/**
 * The model-call policy as configured: at start the server stores it as a new policy version
 * when it differs from the latest stored one.
 *
 * @param document the rules ({@code policies}) and the default ({@code policy_default})
 * @param source   where it was read from, recorded with the version ({@code config:PATH})
 */
public record PolicyConfig(PolicyDocument document, String source) {

    /** No rules and every call allowed, as when {@code cairn.yaml} says nothing about policies. */
    public static final PolicyConfig NONE = new PolicyConfig(PolicyDocument.EMPTY, "config");

    public PolicyConfig {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(source, "source");
    }
}
