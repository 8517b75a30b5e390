package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.NotFoundException;
import dev.cairn.core.store.Lease;
import dev.cairn.core.store.LeaseStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LeaseStore} must do: one live holder per session, judged by the store's
 * clock; a token that moves on only when the lease passes to another holder; renewals and
 * releases that work only for the current holder.
 */
public abstract class LeaseStoreContract extends StoreContract {

    private static final Duration TTL = Duration.ofSeconds(30);

    private LeaseStore leases() {
        return store.leases();
    }

    private Lease acquired(String sessionId, String holderId) {
        return leases().acquire(sessionId, holderId, TTL).orElseThrow(
                () -> new AssertionError(holderId + " could not acquire the lease of " + sessionId));
    }

    @Test
    void aFreeLeaseIsAcquiredWithTokenOne() {
        createSession("s1");

        Lease lease = acquired("s1", "worker_1");

        assertThat(lease).isEqualTo(new Lease("s1", "worker_1", 1, START.plus(TTL)));
        assertThat(leases().current("s1")).contains(lease);
    }

    @Test
    void theSameHolderAcquiringAgainKeepsItsTokenAndGetsANewExpiry() {
        createSession("s1");
        acquired("s1", "worker_1");
        Instant later = clock.advance(Duration.ofSeconds(10));

        Lease again = acquired("s1", "worker_1");

        assertThat(again).isEqualTo(new Lease("s1", "worker_1", 1, later.plus(TTL)));
        assertThat(leases().current("s1")).contains(again);
    }

    @Test
    void anotherHolderIsRefusedWhileTheLeaseIsLive() {
        createSession("s1");
        Lease first = acquired("s1", "worker_1");
        clock.advance(TTL.minusMillis(1));

        assertThat(leases().acquire("s1", "worker_2", TTL)).isEmpty();
        assertThat(leases().current("s1")).contains(first);
    }

    @Test
    void onceTheLeaseExpiresAnotherHolderTakesItWithTheNextToken() {
        createSession("s1");
        acquired("s1", "worker_1");
        Instant expiry = clock.advance(TTL);

        Lease taken = acquired("s1", "worker_2");

        assertThat(taken).isEqualTo(new Lease("s1", "worker_2", 2, expiry.plus(TTL)));
        assertThat(leases().current("s1")).contains(taken);
    }

    @Test
    void tokensKeepGrowingAsTheLeasePassesBackAndForth() {
        createSession("s1");
        acquired("s1", "worker_1");
        clock.advance(TTL);
        acquired("s1", "worker_2");
        clock.advance(TTL);

        assertThat(acquired("s1", "worker_1").token()).isEqualTo(3);
    }

    @Test
    void renewExtendsTheCurrentLease() {
        createSession("s1");
        Lease lease = acquired("s1", "worker_1");
        Instant later = clock.advance(Duration.ofSeconds(20));

        Lease renewed = leases().renew(lease, Duration.ofMinutes(1)).orElseThrow();

        assertThat(renewed).isEqualTo(new Lease("s1", "worker_1", 1, later.plus(Duration.ofMinutes(1))));
        assertThat(leases().current("s1")).contains(renewed);
        clock.advance(TTL);
        assertThat(leases().acquire("s1", "worker_2", TTL)).isEmpty();
    }

    @Test
    void anExpiredLeaseThatNobodyTookCanStillBeRenewed() {
        createSession("s1");
        Lease lease = acquired("s1", "worker_1");
        Instant later = clock.advance(TTL.multipliedBy(3));

        assertThat(leases().renew(lease, TTL)).contains(new Lease("s1", "worker_1", 1, later.plus(TTL)));
    }

    @Test
    void theOldHolderCannotRenewAfterATakeover() {
        createSession("s1");
        Lease old = acquired("s1", "worker_1");
        clock.advance(TTL);
        Lease taken = acquired("s1", "worker_2");

        assertThat(leases().renew(old, TTL)).isEmpty();
        assertThat(leases().current("s1")).contains(taken);
    }

    @Test
    void aReleasedLeaseCanBeTakenAtOnce() {
        createSession("s1");
        Lease lease = acquired("s1", "worker_1");

        leases().release(lease);

        assertThat(acquired("s1", "worker_2").token()).isEqualTo(2);
    }

    @Test
    void releasingALostLeaseLeavesTheNewHolderAlone() {
        createSession("s1");
        Lease old = acquired("s1", "worker_1");
        clock.advance(TTL);
        Lease taken = acquired("s1", "worker_2");

        leases().release(old);

        assertThat(leases().current("s1")).contains(taken);
        assertThat(leases().acquire("s1", "worker_3", TTL)).isEmpty();
    }

    @Test
    void currentShowsExpiredLeasesAndNothingForSessionsThatNeverHadOne() {
        createSession("s1");
        createSession("s2");
        Lease lease = acquired("s1", "worker_1");
        clock.advance(TTL.multipliedBy(2));

        assertThat(leases().current("s1")).contains(lease);
        assertThat(leases().current("s2")).isEmpty();
        assertThat(leases().current("nobody")).isEmpty();
    }

    @Test
    void leasesOfDifferentSessionsAreIndependent() {
        createSession("s1");
        createSession("s2");

        assertThat(acquired("s1", "worker_1").token()).isEqualTo(1);
        assertThat(acquired("s2", "worker_2").token()).isEqualTo(1);
        assertThat(leases().acquire("s1", "worker_2", TTL)).isEmpty();
    }

    @Test
    void theLeaseOfAMissingSessionCannotBeAcquired() {
        assertThatThrownBy(() -> leases().acquire("nobody", "worker_1", TTL))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nobody");
        assertThat(leases().current("nobody")).isEmpty();
    }

    @Test
    void leasesSurviveCloseAndReopen() {
        createSession("s1");
        Lease lease = acquired("s1", "worker_1");

        reopenStore();

        assertThat(leases().current("s1")).contains(lease);
        assertThat(leases().acquire("s1", "worker_2", TTL)).isEmpty();
        clock.advance(TTL);
        assertThat(acquired("s1", "worker_2").token()).isEqualTo(2);
    }
}
