package dev.cairn.core.store;

import java.util.List;
import java.util.Optional;

/**
 * The versions of the model-call policy, each an immutable document. The store keeps documents as
 * text and judges them equal by their SHA-256; what a document means is the policy's business
 * ({@link dev.cairn.core.gateway.policy.PolicyDocument}). Thread-safe; every write is durable when
 * the method returns, and a failed write changes nothing. Several processes may share one store:
 * versions are numbered in the order they commit, from 1, without gaps.
 */
public interface PolicyStore {

    /** What {@link #put} left as the latest version, and whether it made it. */
    record Written(PolicyVersion version, boolean created) {
    }

    /**
     * Stores {@code document} as the next version, unless the latest version holds the same text,
     * in which case the latest is returned unchanged.
     *
     * @param source where the document came from, such as {@code config:/etc/cairn.yaml} or
     *               {@code api:key_2x9}
     */
    Written put(String document, String source);

    /** The latest version, or empty when none was ever stored. */
    Optional<PolicyVersion> latest();

    /**
     * The number of the latest version ({@code 0} when none is stored): a cheap query, for callers
     * that cache the latest version and look for a newer one often.
     */
    long latestVersion();

    Optional<PolicyVersion> version(long version);

    /** Every version, oldest first. */
    List<PolicyVersion> versions();
}
