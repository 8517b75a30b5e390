package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.NotFoundException;
import dev.cairn.core.event.Event;
import dev.cairn.core.store.EventStore;
import dev.cairn.core.store.FencedException;
import dev.cairn.core.store.Lease;
import dev.cairn.core.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every store must do with fenced appends: an append carrying the session's current lease
 * token is stored, one carrying any other token stores nothing and fails with
 * {@link FencedException}, and appends without a token are not affected by leases.
 */
public abstract class FencingContract extends StoreContract {

    private static final Duration TTL = Duration.ofSeconds(30);
    /** How long a racing worker waits for someone else's lease before trying again: a third of its ttl. */
    private static final Duration PATIENCE = TTL.dividedBy(3);

    private EventStore events() {
        return store.events();
    }

    private Lease acquired(String sessionId, String holderId) {
        return store.leases().acquire(sessionId, holderId, TTL).orElseThrow(
                () -> new AssertionError(holderId + " could not acquire the lease of " + sessionId));
    }

    @Test
    void anAppendWithTheCurrentTokenIsStored() {
        createSession("s1");
        Lease lease = acquired("s1", "worker_1");

        List<Event> stored = events().appendAndWait("s1", 1, userMessages("m", 2), lease.token());

        assertThat(stored).extracting(Event::seq).containsExactly(2L, 3L);
        assertThat(events().readAll("s1")).hasSize(3);
    }

    @Test
    void anAppendWithTheTokenOfALostLeaseIsFencedAndStoresNothing() {
        createSession("s1");
        Lease old = acquired("s1", "worker_1");
        events().appendAndWait("s1", 1, List.of(userMessage("before")), old.token());
        clock.advance(TTL);
        Lease taken = acquired("s1", "worker_2");

        assertThatThrownBy(() -> events().appendAndWait("s1", 2, List.of(userMessage("late")), old.token()))
                .isInstanceOfSatisfying(FencedException.class, fenced -> {
                    assertThat(fenced.sessionId()).isEqualTo("s1");
                    assertThat(fenced.token()).isEqualTo(1);
                })
                .hasMessageContaining("token 2");
        assertThat(events().lastSeq("s1")).isEqualTo(2);
        assertThat(events().appendAndWait("s1", 2, List.of(userMessage("new holder")), taken.token()))
                .extracting(Event::seq).containsExactly(3L);
    }

    @Test
    void aLostLeaseIsFencedBeforeItsExpectedSequenceIsChecked() {
        createSession("s1");
        Lease old = acquired("s1", "worker_1");
        clock.advance(TTL);
        acquired("s1", "worker_2");

        assertThatThrownBy(() -> events().appendAndWait("s1", 9, List.of(userMessage("late")), old.token()))
                .isInstanceOf(FencedException.class);
    }

    @Test
    void anExpiredLeaseThatNobodyTookDoesNotFence() {
        createSession("s1");
        Lease lease = acquired("s1", "worker_1");
        clock.advance(TTL.multipliedBy(2));

        assertThat(events().appendAndWait("s1", 1, List.of(userMessage("still mine")), lease.token()))
                .extracting(Event::seq).containsExactly(2L);
    }

    @Test
    void aReleasedLeaseFencesItsHolderOnceAnotherTakesIt() {
        createSession("s1");
        Lease released = acquired("s1", "worker_1");
        store.leases().release(released);
        acquired("s1", "worker_2");

        assertThatThrownBy(() -> events().appendAndWait("s1", 1, List.of(userMessage("late")), released.token()))
                .isInstanceOf(FencedException.class);
        assertThat(events().lastSeq("s1")).isEqualTo(1);
    }

    @Test
    void aFencedAppendToASessionWithoutALeaseFails() {
        createSession("s1");

        assertThatThrownBy(() -> events().appendAndWait("s1", 1, List.of(userMessage("unleased")), 1))
                .isInstanceOf(FencedException.class)
                .hasMessageContaining("token 0");
        assertThat(events().lastSeq("s1")).isEqualTo(1);
    }

    @Test
    void aFencedAppendToAMissingSessionIsNotFound() {
        assertThatThrownBy(() -> events().appendAndWait("nobody", 0, List.of(userMessage("hi")), 1))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void unfencedAppendsIgnoreLeases() {
        createSession("s1");
        Lease old = acquired("s1", "worker_1");
        clock.advance(TTL);
        acquired("s1", "worker_2");

        events().appendAndWait("s1", 1, List.of(userMessage("unfenced")));
        events().appendAndWait("s1", 2, List.of(userMessage("token zero")), 0);

        assertThat(old.token()).isEqualTo(1);
        List<Event> log = events().readAll("s1");
        assertThat(log.subList(1, log.size())).extracting(StoreContract::text)
                .containsExactly("unfenced", "token zero");
    }

    @Test
    void aFencedAppendDoesNotFailAppendsSubmittedWithIt() {
        createSession("s1");
        createSession("s2");
        Lease lost = acquired("s1", "worker_1");
        clock.advance(TTL);
        acquired("s1", "worker_2");
        Lease held = acquired("s2", "worker_1");

        CompletableFuture<List<Event>> fenced = events().append("s1", 1, List.of(userMessage("late")), lost.token());
        CompletableFuture<List<Event>> fine = events().append("s2", 1, List.of(userMessage("fine")), held.token());

        assertThat(StoreException.join(fine)).extracting(Event::seq).containsExactly(2L);
        assertThatThrownBy(() -> StoreException.join(fenced)).isInstanceOf(FencedException.class);
        assertThat(events().lastSeq("s1")).isEqualTo(1);
    }

    @Test
    void twoWorkersRacingForOneSessionNeverWriteAtTheSameTime() throws Exception {
        race(2, 60);
    }

    @Test
    void manyWorkersRacingForOneSessionNeverWriteAtTheSameTime() throws Exception {
        race(8, 20);
    }

    /**
     * Workers on their own threads each want {@code appendsEach} events in one session. A worker
     * without the lease waits a while (moves the clock) and tries again; once the lease has expired
     * it takes it, which fences whoever held it. Afterwards: every acknowledged event is stored once, nothing else is, the
     * sequence has no gap, and once a token has written no older token wrote again.
     */
    private void race(int workers, int appendsEach) throws Exception {
        createSession("s1");
        Map<Long, String> holderOfToken = new ConcurrentHashMap<>();
        Map<Long, Long> tokenOfSeq = new ConcurrentSkipListMap<>();
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger fencedAppends = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);

        try (ExecutorService executor = Executors.newFixedThreadPool(workers)) {
            List<Future<?>> running = new ArrayList<>();
            for (int worker = 0; worker < workers; worker++) {
                String holderId = "worker_" + worker;
                running.add(executor.submit(() -> {
                    start.await();
                    Lease lease = null;
                    long last = 0;
                    for (int acked = 0; acked < appendsEach; ) {
                        if (lease == null) {
                            lease = store.leases().acquire("s1", holderId, TTL).orElse(null);
                            if (lease == null) {
                                clock.advance(PATIENCE);
                                continue;
                            }
                            assertThat(holderOfToken.put(lease.token(), holderId))
                                    .as("earlier holder of token %d", lease.token()).isNull();
                            last = events().lastSeq("s1");
                        }
                        String text = holderId + "#" + acked;
                        try {
                            Event stored = events().appendAndWait("s1", last, List.of(userMessage(text)),
                                    lease.token()).getFirst();
                            tokenOfSeq.put(stored.seq(), lease.token());
                            acknowledged.add(text);
                            last = stored.seq();
                            acked++;
                        } catch (FencedException lost) {
                            fencedAppends.incrementAndGet();
                            lease = null;
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : running) {
                worker.get();
            }
        }

        List<Event> log = events().readAll("s1");
        assertThat(log).extracting(Event::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1L + workers * appendsEach).boxed().toList());
        assertThat(log.subList(1, log.size())).extracting(StoreContract::text)
                .containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(List.copyOf(tokenOfSeq.values())).as("tokens in sequence order").isSorted();
        System.out.printf("%d workers: %d tokens handed out, %d appends fenced%n", workers, holderOfToken.size(),
                fencedAppends.get());
    }
}
