package dev.cairn.core.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Session leases with fencing tokens: at most one worker executes a session's runs, and a worker
 * that lost its lease (it paused past the expiry, its node was cut off) can no longer append.
 * Expiry is judged by the store's clock. Every method's effect is durable when it returns.
 *
 * <p>Thread-safe, and safe across processes sharing the store.
 */
public interface LeaseStore {

    /**
     * Takes the session's lease for {@code holderId} when it is free, expired, or already held by
     * {@code holderId}. A new holder gets a token one above the session's last token; the same
     * holder keeps its token and gets a new expiry.
     *
     * @return the lease, or empty when another holder's lease is still live
     */
    Optional<Lease> acquire(String sessionId, String holderId, Duration ttl);

    /**
     * Extends a lease that is still the session's current one (same token).
     *
     * @return the renewed lease, or empty when the lease has passed to another holder
     */
    Optional<Lease> renew(Lease lease, Duration ttl);

    /** Gives the lease up at once if it is still current; otherwise does nothing. */
    void release(Lease lease);

    /** The session's current lease, live or expired; empty when it never had one. */
    Optional<Lease> current(String sessionId);
}
