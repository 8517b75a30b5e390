package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.AppendConflictException;
import dev.cairn.core.store.EventStore;
import dev.cairn.core.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What every {@link EventStore} must do: ordered, gapless, optimistic, atomic, durable appends. */
public abstract class EventStoreContract extends StoreContract {

    private EventStore events() {
        return store.events();
    }

    @Test
    void appendedEventsReadBackInOrderWithSequenceAndTime() {
        createSession("s1");
        clock.advance(Duration.ofSeconds(5));

        List<Event> stored = events().appendAndWait("s1", 1, List.of(userMessage("hello"),
                NewEvent.ofRun("run_1", new EventPayload.RunQueued("message", 2))));

        assertThat(stored).extracting(Event::seq).containsExactly(2L, 3L);
        assertThat(stored).allSatisfy(event -> assertThat(event.createdAt()).isEqualTo(clock.instant()));
        List<Event> log = events().readAll("s1");
        assertThat(log).extracting(Event::seq).containsExactly(1L, 2L, 3L);
        assertThat(log.get(0).payload()).isInstanceOf(EventPayload.SessionCreated.class);
        assertThat(log.subList(1, 3)).containsExactlyElementsOf(stored);
        assertThat(log.get(2).runId()).isEqualTo("run_1");
    }

    @Test
    void sequenceNumbersStayGaplessAcrossAppends() {
        createSession("s1");
        long last = 1;
        for (int batch = 1; batch <= 5; batch++) {
            last = events().appendAndWait("s1", last, userMessages("m", batch)).getLast().seq();
        }

        assertThat(events().readAll("s1")).extracting(Event::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 16).boxed().toList());
        assertThat(events().lastSeq("s1")).isEqualTo(16);
    }

    @Test
    void readPagesAfterASequenceNumber() {
        createSession("s1");
        events().appendAndWait("s1", 1, userMessages("m", 9));

        assertThat(events().read("s1", 0, 3)).extracting(Event::seq).containsExactly(1L, 2L, 3L);
        assertThat(events().read("s1", 3, 3)).extracting(Event::seq).containsExactly(4L, 5L, 6L);
        assertThat(events().read("s1", 8, 100)).extracting(Event::seq).containsExactly(9L, 10L);
        assertThat(events().read("s1", 10, 100)).isEmpty();
        assertThat(events().read("s1", 2, 0)).isEmpty();
    }

    @Test
    void lastSeqIsZeroForASessionWithoutEvents() {
        assertThat(events().lastSeq("nobody")).isZero();
        assertThat(events().readAll("nobody")).isEmpty();
    }

    @Test
    void appendToAMissingSessionFails() {
        assertThatThrownBy(() -> events().appendAndWait("nobody", 0, List.of(userMessage("hi"))))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nobody");
        assertThat(events().readAll("nobody")).isEmpty();
    }

    @Test
    void conflictingAppendFailsAndStoresNothing() {
        createSession("s1");
        events().appendAndWait("s1", 1, List.of(userMessage("first")));

        assertThatThrownBy(() -> events().appendAndWait("s1", 1, List.of(userMessage("late"))))
                .isInstanceOfSatisfying(AppendConflictException.class, conflict -> {
                    assertThat(conflict.sessionId()).isEqualTo("s1");
                    assertThat(conflict.expectedLastSeq()).isEqualTo(1);
                    assertThat(conflict.actualLastSeq()).isEqualTo(2);
                });
        assertThatThrownBy(() -> events().appendAndWait("s1", 7, List.of(userMessage("ahead"))))
                .isInstanceOf(AppendConflictException.class);

        assertThat(events().readAll("s1")).extracting(Event::seq).containsExactly(1L, 2L);
        assertThat(text(events().readAll("s1").get(1))).isEqualTo("first");
    }

    @Test
    void aConflictingBatchStoresNoneOfItsEvents() {
        createSession("s1");
        events().appendAndWait("s1", 1, List.of(userMessage("first")));

        assertThatThrownBy(() -> events().appendAndWait("s1", 1, userMessages("batch", 3)))
                .isInstanceOf(AppendConflictException.class);

        assertThat(events().lastSeq("s1")).isEqualTo(2);
    }

    @Test
    void aBatchWithAnInvalidEventStoresNoneOfItsEvents() {
        createSession("s1");
        List<NewEvent> batch = List.of(userMessage("one"), userMessage("two"),
                NewEvent.of(new EventPayload.RunStarted("helper", 1, "default")));

        assertThatThrownBy(() -> events().appendAndWait("s1", 1, batch))
                .isInstanceOf(CairnException.class)
                .isNotInstanceOf(StoreException.class);

        assertThat(events().lastSeq("s1")).isEqualTo(1);
        assertThat(events().appendAndWait("s1", 1, List.of(userMessage("after")))).extracting(Event::seq)
                .containsExactly(2L);
    }

    @Test
    void aFailedAppendDoesNotFailAppendsSubmittedWithIt() {
        createSession("s1");
        createSession("s2");
        createSession("s3");

        CompletableFuture<List<Event>> first = events().append("s1", 1, List.of(userMessage("one")));
        CompletableFuture<List<Event>> conflicting = events().append("s2", 5, List.of(userMessage("two")));
        CompletableFuture<List<Event>> third = events().append("s3", 1, List.of(userMessage("three")));

        assertThat(StoreException.join(first)).hasSize(1);
        assertThat(StoreException.join(third)).hasSize(1);
        assertThatThrownBy(() -> StoreException.join(conflicting)).isInstanceOf(AppendConflictException.class);
        assertThat(events().lastSeq("s2")).isEqualTo(1);
    }

    @Test
    void manyThreadsAppendingToOneSessionWithRetriesStoreEveryEventOnce() throws Exception {
        createSession("s1");
        int threads = 8;
        int perThread = 25;

        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                String name = "t" + thread + "-";
                workers.add(executor.submit(() -> appendWithRetries("s1", name, perThread)));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }

        List<Event> log = events().readAll("s1");
        assertThat(log).extracting(Event::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1 + threads * perThread).boxed().toList());
        assertThat(log.subList(1, log.size())).extracting(StoreContract::text).doesNotHaveDuplicates();
    }

    private void appendWithRetries(String sessionId, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            long expected = events().lastSeq(sessionId);
            while (true) {
                try {
                    events().appendAndWait(sessionId, expected, List.of(userMessage(prefix + i)));
                    break;
                } catch (AppendConflictException conflict) {
                    expected = conflict.actualLastSeq();
                }
            }
        }
    }

    @Test
    void manySessionsAppendingConcurrentlyAllSucceed() throws Exception {
        int sessions = 50;
        int appends = 10;
        IntStream.range(0, sessions).forEach(i -> createSession("s" + i));

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                String sessionId = "s" + i;
                workers.add(executor.submit(() -> {
                    for (long last = 1; last <= appends; last++) {
                        events().appendAndWait(sessionId, last, List.of(userMessage("m" + last)));
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }

        for (int i = 0; i < sessions; i++) {
            assertThat(events().lastSeq("s" + i)).isEqualTo(1 + appends);
        }
    }

    @Test
    void listenersSeeEachCommittedEventOnceAndOnlyAfterItsCommit() {
        List<Event> heard = Collections.synchronizedList(new ArrayList<>());
        Set<Long> readableWhenHeard = ConcurrentHashMap.newKeySet();
        events().addListener(batch -> {
            heard.addAll(batch);
            Event last = batch.getLast();
            if (events().read(last.sessionId(), last.seq() - 1, 1).contains(last)) {
                readableWhenHeard.add(last.seq());
            }
        });

        createSession("s1");
        events().appendAndWait("s1", 1, userMessages("a", 2));
        assertThatThrownBy(() -> events().appendAndWait("s1", 1, List.of(userMessage("conflict"))))
                .isInstanceOf(AppendConflictException.class);
        events().appendAndWait("s1", 3, List.of(userMessage("b")));
        reopenStore();

        assertThat(heard).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(heard).containsExactlyElementsOf(events().readAll("s1"));
        assertThat(readableWhenHeard).containsExactlyInAnyOrder(1L, 3L, 4L);
    }

    @Test
    void aForkReadsItsParentsEventsUpToTheForkPointThenItsOwn() {
        createSession("s1");
        events().appendAndWait("s1", 1, userMessages("m", 4));

        fork("s1", 3, "f1");

        List<Event> log = events().readAll("f1");
        assertThat(log).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(log).extracting(Event::sessionId).containsOnly("f1");
        assertThat(log.subList(0, 3)).extracting(Event::payload)
                .containsExactlyElementsOf(events().read("s1", 0, 3).stream().map(Event::payload).toList());
        assertThat(log.get(3).payload()).isEqualTo(new EventPayload.SessionForked("s1", 3));
        assertThat(log.get(3).runId()).isNull();
        assertThat(events().lastSeq("f1")).isEqualTo(4);
    }

    @Test
    void appendsToAForkAndToItsParentStayApart() {
        createSession("s1");
        events().appendAndWait("s1", 1, userMessages("m", 4));
        fork("s1", 3, "f1");

        events().appendAndWait("f1", 4, List.of(userMessage("in the fork")));
        events().appendAndWait("s1", 5, List.of(userMessage("in the parent")));

        assertThat(events().readAll("f1")).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(text(events().readAll("f1").getLast())).isEqualTo("in the fork");
        assertThat(events().readAll("s1")).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(events().readAll("s1").subList(1, 6)).extracting(StoreContract::text)
                .containsExactly("m1", "m2", "m3", "m4", "in the parent");
        assertThatThrownBy(() -> events().appendAndWait("f1", 3, List.of(userMessage("stale"))))
                .isInstanceOf(AppendConflictException.class);
    }

    @Test
    void aForkOfAForkReadsEveryAncestorInOrderAndPagesAcrossThem() {
        createSession("s1");
        events().appendAndWait("s1", 1, userMessages("a", 4));
        fork("s1", 3, "f1");
        events().appendAndWait("f1", 4, userMessages("b", 3));
        fork("f1", 6, "f2");
        events().appendAndWait("f2", 7, userMessages("c", 2));
        events().appendAndWait("f1", 7, List.of(userMessage("later in f1")));

        List<Event> log = events().readAll("f2");
        assertThat(log).extracting(Event::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 9).boxed().toList());
        assertThat(log).extracting(Event::sessionId).containsOnly("f2");
        assertThat(log).extracting(Event::type).containsExactly("session.created", "message.user", "message.user",
                "session.forked", "message.user", "message.user", "session.forked", "message.user", "message.user");
        assertThat(log.get(6).payload()).isEqualTo(new EventPayload.SessionForked("f1", 6));
        assertThat(events().read("f2", 2, 3)).extracting(Event::seq).containsExactly(3L, 4L, 5L);
        assertThat(events().read("f2", 5, 2)).extracting(Event::seq).containsExactly(6L, 7L);
        assertThat(events().read("f2", 9, 10)).isEmpty();
        assertThat(events().lastSeq("f2")).isEqualTo(9);
    }

    @Test
    void aForkOfAForkMayCutTheHistoryBeforeItsParentsForkPoint() {
        createSession("s1");
        events().appendAndWait("s1", 1, userMessages("a", 4));
        fork("s1", 4, "f1");
        events().appendAndWait("f1", 5, userMessages("b", 2));

        fork("f1", 2, "f2");

        assertThat(events().readAll("f2")).extracting(Event::type)
                .containsExactly("session.created", "message.user", "session.forked");
        assertThat(text(events().readAll("f2").get(1))).isEqualTo("a1");
        assertThat(events().read("f2", 1, 10)).extracting(Event::seq).containsExactly(2L, 3L);
    }

    @Test
    void listenersHearAForksOwnEventsUnderItsId() {
        List<Event> heard = Collections.synchronizedList(new ArrayList<>());
        events().addListener(heard::addAll);
        createSession("s1");

        fork("s1", 1, "f1");
        events().appendAndWait("f1", 2, List.of(userMessage("hi")));
        reopenStore(); // listeners run after the caller hears of the commit; closing waits for them

        assertThat(heard).extracting(Event::sessionId).containsExactly("s1", "f1", "f1");
        assertThat(heard).extracting(Event::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aForkSurvivesReopen() {
        createSession("s1");
        events().appendAndWait("s1", 1, userMessages("m", 2));
        fork("s1", 2, "f1");
        List<Event> before = events().readAll("f1");

        reopenStore();

        assertThat(events().readAll("f1")).containsExactlyElementsOf(before);
        assertThat(events().appendAndWait("f1", 3, List.of(userMessage("after"))).getFirst().seq()).isEqualTo(4);
    }

    @Test
    void eventsSurviveCloseAndReopen() {
        createSession("s1");
        List<Event> stored = events().appendAndWait("s1", 1, userMessages("m", 3));

        reopenStore();

        assertThat(events().read("s1", 1, 10)).containsExactlyElementsOf(stored);
        assertThat(events().appendAndWait("s1", 4, List.of(userMessage("after reopen"))).getFirst().seq())
                .isEqualTo(5);
    }
}
