package dev.cairn.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to write a session's runs, held by one worker at a time until it expires.
 *
 * @param sessionId the session
 * @param holderId  the worker holding it (a process and its id)
 * @param token     the fencing token: it grows each time the lease passes to a new holder, and
 *                  every append the holder makes carries it, so a holder that lost the lease
 *                  cannot write any more
 * @param expiresAt when it lapses unless renewed
 */
public record Lease(String sessionId, String holderId, long token, Instant expiresAt) {
    public Lease {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(holderId, "holderId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (token < 1) {
            throw new IllegalArgumentException("fencing tokens start at 1, got " + token);
        }
    }
}
