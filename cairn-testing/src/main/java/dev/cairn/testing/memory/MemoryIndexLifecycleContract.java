package dev.cairn.testing.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryHit;
import dev.cairn.core.memory.MemoryIndex;
import dev.cairn.core.memory.MemoryIndex.Change;
import dev.cairn.core.memory.SearchMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every memory retrieval index must do over its life: remember the store sequence it has
 * applied through, make what it applied durable on commit, come back after a crash as of its last
 * commit (the changes after it can be applied again), come back empty, to be rebuilt, from damaged
 * storage, empty itself on request, and answer searches while it is being written.
 */
public abstract class MemoryIndexLifecycleContract extends MemoryIndexSupport {

    /**
     * Simulates a crash of the process holding {@code index}: opens a new index on the storage
     * exactly as it is at this moment, without anything {@code index} would do on close. The
     * returned index replaces {@code index}, which the implementation disposes of.
     */
    protected abstract MemoryIndex reopenAfterCrash(MemoryIndex index);

    /** Damages the storage of the (closed) index so that it cannot be read. */
    protected abstract void damageStorage();

    private List<String> everything(String text) {
        return find(text, only(ALICE, BOB), 100, SearchMode.HYBRID);
    }

    @Test
    void aNewIndexHasAppliedNothingAndThenFollowsWhatItApplies() {
        assertThat(index.appliedThrough()).isZero();
        assertThat(index.size()).isZero();

        index.apply(upserts(memory("m1", ALICE, "I live in Lisbon.")), 3);
        assertThat(index.appliedThrough()).isEqualTo(3);

        index.apply(List.of(), 9);
        assertThat(index.appliedThrough()).isEqualTo(9);

        index.apply(upserts(memory("m1", ALICE, "I live in Lisbon.")), 9);
        assertThat(index.appliedThrough()).isEqualTo(9);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void whatWasCommittedSurvivesAReopen() {
        index.apply(upserts(memories("m", ALICE, List.of("I live in Lisbon.", "I work as a nurse.", "I own a bicycle."))), 3);
        index.apply(List.of(remove("m3")), 5);
        index.commit();

        reopenIndex();

        assertThat(index.appliedThrough()).isEqualTo(5);
        assertThat(index.size()).isEqualTo(2);
        assertThat(find("Where do I live?", only(ALICE), 1, SearchMode.HYBRID)).containsExactly("m1");
        assertThat(everything("bicycle")).doesNotContain("m3");
    }

    @Test
    void closingCommitsWhatWasApplied() {
        index.apply(upserts(memory("m1", ALICE, "I live in Lisbon.")), 2);

        reopenIndex();

        assertThat(index.appliedThrough()).isEqualTo(2);
        assertThat(everything("Lisbon")).containsExactly("m1");
    }

    @Test
    void aCrashLosesOnlyWhatCameAfterTheLastCommitAndApplyingItAgainRestoresIt() {
        List<IndexedMemory> first = memories("m", ALICE, List.of("I live in Lisbon.", "I work as a nurse.", "I own a bicycle."));
        index.apply(upserts(first), 3);
        index.commit();
        List<Change> later = List.of(
                new Change.Upsert(memory("m4", ALICE, "I am learning Portuguese.")),
                new Change.Upsert(memory("m2", ALICE, "I work as a paramedic now.")),
                remove("m3"));
        index.apply(later, 6);
        assertThat(everything("Portuguese paramedic bicycle")).containsExactlyInAnyOrder("m1", "m2", "m4");

        index = reopenAfterCrash(index);

        assertThat(index.appliedThrough()).isEqualTo(3);
        assertThat(everything("Lisbon nurse bicycle Portuguese")).containsExactlyInAnyOrder("m1", "m2", "m3");
        assertThat(find("nurse", only(ALICE), 5, SearchMode.TEXT)).containsExactly("m2");

        index.apply(later, 6);
        index.apply(later, 6);

        assertThat(index.appliedThrough()).isEqualTo(6);
        assertThat(index.size()).isEqualTo(3);
        assertThat(everything("Lisbon paramedic bicycle Portuguese")).containsExactlyInAnyOrder("m1", "m2", "m4");
        assertThat(find("nurse", only(ALICE), 5, SearchMode.TEXT)).isEmpty();
    }

    @Test
    void damagedStorageOpensAsAnEmptyIndexToBeRebuilt() {
        index.apply(upserts(memories("m", ALICE, List.of("I live in Lisbon.", "I work as a nurse."))), 4);
        index.commit();
        index.close();
        index = null;
        damageStorage();

        index = openIndex();

        assertThat(index.appliedThrough()).isZero();
        assertThat(index.size()).isZero();
        assertThat(everything("Lisbon nurse")).isEmpty();
        index.apply(upserts(memory("m1", ALICE, "I live in Lisbon.")), 4);
        assertThat(everything("Lisbon")).containsExactly("m1");
        reopenIndex();
        assertThat(index.appliedThrough()).isEqualTo(4);
        assertThat(everything("Lisbon")).containsExactly("m1");
    }

    @Test
    void clearingEmptiesTheIndexAndStartsItsSequenceAgain() {
        index.apply(upserts(memories("m", ALICE, List.of("I live in Lisbon.", "I work as a nurse."))), 9);
        index.commit();

        index.clear();

        assertThat(index.size()).isZero();
        assertThat(index.appliedThrough()).isZero();
        assertThat(everything("Lisbon nurse")).isEmpty();
        index.apply(upserts(memory("m5", BOB, "I collect stamps.")), 2);
        index.commit();
        reopenIndex();
        assertThat(index.appliedThrough()).isEqualTo(2);
        assertThat(everything("Lisbon nurse stamps")).containsExactly("m5");
    }

    @Test
    void searchesDuringWritesNeverFailAndNeverLeak() throws Exception {
        List<String> topics = List.of("cooking pasta", "train travel", "tax returns", "gardening roses", "jazz concerts");
        List<IndexedMemory> alices = memories("alice-", ALICE, topics.stream().map(t -> "Alice's note on " + t).toList());
        List<IndexedMemory> bobs = memories("bob-", BOB, topics.stream().map(t -> "Bob's note on " + t).toList());
        List<float[]> queries = embedder().embedAll(topics);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
        Set<String> stored = new HashSet<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> readers = new ArrayList<>();
            for (int reader = 0; reader < 3; reader++) {
                int offset = reader;
                readers.add(threads.submit(() -> {
                    for (int round = offset; writing.get() || round < offset + 20; round++) {
                        SearchMode mode = SearchMode.values()[round % 3];
                        for (MemoryHit hit : index.search(topics.get(round % topics.size()), queries.get(round % topics.size()),
                                only(ALICE), 5, mode)) {
                            if (!hit.id().startsWith("alice-")) {
                                leaks.add(hit.id());
                            }
                        }
                        searches.incrementAndGet();
                    }
                    return null;
                }));
            }
            Future<?> writer = threads.submit(() -> {
                for (int round = 1; round <= 150; round++) {
                    IndexedMemory alice = alices.get(round % alices.size());
                    IndexedMemory bob = bobs.get(round % bobs.size());
                    List<Change> changes = round % 4 == 0
                            ? List.of(remove(alice.id()), remove(bob.id()))
                            : upserts(copy(alice, round), copy(bob, round), alice, bob);
                    index.apply(changes, round);
                    for (Change change : changes) {
                        switch (change) {
                            case Change.Upsert upsert -> stored.add(upsert.item().id());
                            case Change.Remove removal -> stored.remove(removal.id());
                        }
                    }
                    if (round % 50 == 0) {
                        index.commit();
                    }
                }
                return null;
            });
            try {
                writer.get();
            } finally {
                writing.set(false);
            }
            for (Future<?> reader : readers) {
                reader.get();
            }
        }
        assertThat(leaks).isEmpty();
        assertThat(searches.get()).isGreaterThanOrEqualTo(60);
        assertThat(index.appliedThrough()).isEqualTo(150);
        assertThat(find("Alice's note", only(ALICE), 500, SearchMode.HYBRID))
                .containsExactlyInAnyOrderElementsOf(stored.stream().filter(id -> id.startsWith("alice-")).toList());
        assertThat(index.size()).isEqualTo(stored.size());
    }

    private static IndexedMemory copy(IndexedMemory memory, int round) {
        return new IndexedMemory(memory.id() + "-" + round, memory.tenantId(), memory.owner(), memory.namespace(),
                memory.text(), memory.vector());
    }
}
