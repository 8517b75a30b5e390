package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.Embedding;
import dev.cairn.core.memory.IndexableMemory;
import dev.cairn.core.memory.MemoryChange;
import dev.cairn.core.memory.MemoryCursor;
import dev.cairn.core.memory.MemoryEdit;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryKind;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.MemorySource;
import dev.cairn.core.memory.MemoryStatus;
import dev.cairn.core.memory.MemoryVersion;
import dev.cairn.core.memory.NewMemory;
import dev.cairn.core.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MemoryStore} must do: items kept inside their tenant and owner, every earlier
 * version kept, optimistic version checks, atomic supersedes, and a change sequence that grows
 * strictly with every write (without promising to have no gaps).
 */
public abstract class MemoryStoreContract extends StoreContract {

    private static final MemoryOwner ALICE = MemoryOwner.user("alice");
    private static final MemoryOwner BOB = MemoryOwner.user("bob");
    private static final MemoryOwner HELPER = MemoryOwner.agent("helper");

    private MemoryStore memory() {
        return store.memory();
    }

    private static Embedding vector(float... values) {
        return new Embedding("test-vectors", values);
    }

    private static NewMemory item(String id, String tenantId, MemoryOwner owner, String text) {
        return new NewMemory(id, tenantId, owner, "", MemoryKind.NOTE, text, null, null, vector(1, 0));
    }

    private MemoryItem save(String id, MemoryOwner owner, String text) {
        return memory().insert(item(id, TENANT, owner, text));
    }

    private static MemoryFilter of(String tenantId, MemoryOwner... owners) {
        return new MemoryFilter(tenantId, Set.of(owners), null);
    }

    @Test
    void anInsertedItemComesBackAsWrittenAtVersionOne() {
        ObjectNode metadata = Json.object().put("topic", "travel");
        MemorySource source = new MemorySource("s_1", List.of(4L, 9L), "run_1");
        NewMemory written = new NewMemory("mem_1", TENANT, ALICE, "trips", MemoryKind.PREFERENCE,
                "Prefers window seats", metadata, source, vector(0.6f, 0.8f));

        MemoryItem stored = memory().insert(written);

        assertThat(stored.id()).isEqualTo("mem_1");
        assertThat(stored.tenantId()).isEqualTo(TENANT);
        assertThat(stored.owner()).isEqualTo(ALICE);
        assertThat(stored.namespace()).isEqualTo("trips");
        assertThat(stored.kind()).isEqualTo(MemoryKind.PREFERENCE);
        assertThat(stored.text()).isEqualTo("Prefers window seats");
        assertThat(stored.metadata()).isEqualTo(metadata);
        assertThat(stored.source()).isEqualTo(source);
        assertThat(stored.createdAt()).isEqualTo(START);
        assertThat(stored.updatedAt()).isEqualTo(START);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.status()).isEqualTo(MemoryStatus.CURRENT);
        assertThat(stored.supersededBy()).isNull();
        assertThat(stored.embeddingModel()).isEqualTo("test-vectors");
        assertThat(memory().find(TENANT, "mem_1")).contains(stored);
        assertThat(memory().currentItems(null, 10)).singleElement().satisfies(indexable -> {
            assertThat(indexable.embeddingModel()).isEqualTo("test-vectors");
            assertThat(indexable.item().vector()).containsExactly(0.6f, 0.8f);
            assertThat(indexable.item().owner()).isEqualTo(ALICE);
            assertThat(indexable.item().namespace()).isEqualTo("trips");
        });
    }

    @Test
    void anIdIsTakenOnlyOnce() {
        save("mem_1", ALICE, "one");

        assertThatThrownBy(() -> memory().insert(item("mem_1", OTHER_TENANT, BOB, "two")))
                .isInstanceOf(ConflictException.class);
        assertThat(memory().find(TENANT, "mem_1")).map(MemoryItem::text).contains("one");
        assertThat(memory().find(OTHER_TENANT, "mem_1")).isEmpty();
        assertThat(memory().changesAfter(0, 10)).hasSize(1);
    }

    @Test
    void anotherTenantsItemsAreNotFoundAndCannotBeChanged() {
        save("mem_1", ALICE, "Alice's secret");
        memory().insert(item("mem_2", OTHER_TENANT, ALICE, "the other Alice"));

        assertThat(memory().find(OTHER_TENANT, "mem_1")).isEmpty();
        assertThat(memory().findAll(OTHER_TENANT, List.of("mem_1", "mem_2"))).extracting(MemoryItem::id)
                .containsExactly("mem_2");
        assertThat(memory().versions(OTHER_TENANT, "mem_1")).isEmpty();
        assertThat(memory().list(of(OTHER_TENANT, ALICE), null, 10)).extracting(MemoryItem::id).containsExactly("mem_2");
        assertThatThrownBy(() -> memory().update(OTHER_TENANT, "mem_1", new MemoryEdit(null, Json.object(), null), 0))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> memory().delete(OTHER_TENANT, "mem_1", 0)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> memory().supersede(OTHER_TENANT, "mem_1", item("mem_3", OTHER_TENANT, ALICE, "x"), 0))
                .isInstanceOf(NotFoundException.class);
        assertThat(memory().find(TENANT, "mem_1").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void aListingShowsOnlyTheOwnersItAsksFor() {
        save("mem_a", ALICE, "Alice likes tea");
        save("mem_b", BOB, "Bob likes coffee");
        save("mem_h", HELPER, "The helper answers in French");
        save("mem_t", MemoryOwner.tenant(), "The office is in Lyon");
        save("mem_o", MemoryOwner.agent("other"), "Another agent's note");

        assertThat(memory().list(of(TENANT, ALICE), null, 10)).extracting(MemoryItem::id).containsExactly("mem_a");
        assertThat(memory().list(of(TENANT, BOB, HELPER, MemoryOwner.tenant()), null, 10)).extracting(MemoryItem::id)
                .containsExactlyInAnyOrder("mem_b", "mem_h", "mem_t");
        assertThat(memory().list(of(TENANT, MemoryOwner.user("carol")), null, 10)).isEmpty();
    }

    @Test
    void aListingKeepsToItsNamespaceWhenItNamesOne() {
        memory().insert(new NewMemory("mem_1", TENANT, ALICE, "work", MemoryKind.NOTE, "w", null, null, vector(1)));
        memory().insert(new NewMemory("mem_2", TENANT, ALICE, "", MemoryKind.NOTE, "d", null, null, vector(1)));

        assertThat(memory().list(new MemoryFilter(TENANT, Set.of(ALICE), "work"), null, 10)).extracting(MemoryItem::id)
                .containsExactly("mem_1");
        assertThat(memory().list(new MemoryFilter(TENANT, Set.of(ALICE), ""), null, 10)).extracting(MemoryItem::id)
                .containsExactly("mem_2");
        assertThat(memory().list(of(TENANT, ALICE), null, 10)).hasSize(2);
    }

    @Test
    void aListingIsNewestFirstAndPagesWithoutRepeatsOrGaps() {
        for (int i = 1; i <= 7; i++) {
            save("mem_" + i, ALICE, "note " + i);
            if (i % 2 == 0) {
                clock.advance(Duration.ofSeconds(1));
            }
        }
        List<String> seen = new ArrayList<>();
        MemoryCursor after = null;
        for (int page = 0; page < 10; page++) {
            List<MemoryItem> items = memory().list(of(TENANT, ALICE), after, 3);
            if (items.isEmpty()) {
                break;
            }
            items.forEach(item -> seen.add(item.id()));
            after = MemoryCursor.after(items.getLast());
        }

        assertThat(seen).containsExactly("mem_7", "mem_6", "mem_5", "mem_4", "mem_3", "mem_2", "mem_1");
    }

    @Test
    void anUpdateStoresTheNextVersionAndKeepsTheOneBefore() {
        MemoryItem first = save("mem_1", ALICE, "Lives in Paris");
        clock.advance(Duration.ofSeconds(5));

        MemoryItem second = memory().update(TENANT, "mem_1",
                new MemoryEdit("Lives in Berlin", Json.object().put("moved", true), vector(0, 1)), 1);
        clock.advance(Duration.ofSeconds(5));
        MemoryItem third = memory().update(TENANT, "mem_1", new MemoryEdit(null, Json.object().put("moved", 2), null),
                MemoryStore.ANY_VERSION);

        assertThat(second.version()).isEqualTo(2);
        assertThat(second.text()).isEqualTo("Lives in Berlin");
        assertThat(second.createdAt()).isEqualTo(START);
        assertThat(second.updatedAt()).isEqualTo(START.plusSeconds(5));
        assertThat(third.version()).isEqualTo(3);
        assertThat(third.text()).isEqualTo("Lives in Berlin");
        assertThat(third.metadata()).isEqualTo(Json.object().put("moved", 2));
        List<MemoryVersion> versions = memory().versions(TENANT, "mem_1");
        assertThat(versions).extracting(MemoryVersion::version, MemoryVersion::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "Lives in Paris"),
                        org.assertj.core.groups.Tuple.tuple(2, "Lives in Berlin"),
                        org.assertj.core.groups.Tuple.tuple(3, "Lives in Berlin"));
        assertThat(versions.getFirst().metadata()).isEqualTo(first.metadata());
        assertThat(versions.getFirst().validFrom()).isEqualTo(START);
        assertThat(versions.getFirst().validUntil()).isEqualTo(START.plusSeconds(5));
        assertThat(versions.getLast().validUntil()).isNull();
        assertThat(memory().currentItems(null, 10)).singleElement()
                .satisfies(indexable -> assertThat(indexable.item().vector()).containsExactly(0f, 1f));
    }

    @Test
    void anUpdateOfAStaleVersionConflictsAndChangesNothing() {
        save("mem_1", ALICE, "one");
        memory().update(TENANT, "mem_1", new MemoryEdit("two", null, vector(0, 1)), 1);
        long lastChange = memory().lastChangeSeq();

        assertThatThrownBy(() -> memory().update(TENANT, "mem_1", new MemoryEdit("three", null, vector(1, 1)), 1))
                .isInstanceOf(ConflictException.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> memory().delete(TENANT, "mem_1", 1)).isInstanceOf(ConflictException.class);

        MemoryItem item = memory().find(TENANT, "mem_1").orElseThrow();
        assertThat(item.text()).isEqualTo("two");
        assertThat(item.version()).isEqualTo(2);
        assertThat(memory().versions(TENANT, "mem_1")).hasSize(2);
        assertThat(memory().lastChangeSeq()).isEqualTo(lastChange);
    }

    @Test
    void aDeletedItemIsHistoryOnly() {
        save("mem_1", ALICE, "one");
        clock.advance(Duration.ofSeconds(1));

        MemoryItem deleted = memory().delete(TENANT, "mem_1", 1);

        assertThat(deleted.status()).isEqualTo(MemoryStatus.DELETED);
        assertThat(deleted.version()).isEqualTo(2);
        assertThat(deleted.updatedAt()).isEqualTo(START.plusSeconds(1));
        assertThat(memory().list(of(TENANT, ALICE), null, 10)).isEmpty();
        assertThat(memory().currentItems(null, 10)).isEmpty();
        assertThat(memory().changesAfter(0, 10)).last().satisfies(change -> {
            assertThat(change.itemId()).isEqualTo("mem_1");
            assertThat(change.current()).isNull();
        });
        assertThat(memory().versions(TENANT, "mem_1")).extracting(MemoryVersion::status)
                .containsExactly(MemoryStatus.CURRENT, MemoryStatus.DELETED);
        assertThatThrownBy(() -> memory().update(TENANT, "mem_1", new MemoryEdit("back", null, vector(1)), 0))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> memory().delete(TENANT, "mem_1", 0)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aSupersedeReplacesTheOldItemWithTheNewOneInOneStep() {
        save("mem_1", ALICE, "Prefers tea");
        clock.advance(Duration.ofSeconds(1));

        MemoryStore.Superseded result = memory().supersede(TENANT, "mem_1", item("mem_2", TENANT, ALICE, "Prefers coffee"), 1);

        assertThat(result.old().status()).isEqualTo(MemoryStatus.SUPERSEDED);
        assertThat(result.old().supersededBy()).isEqualTo("mem_2");
        assertThat(result.old().version()).isEqualTo(2);
        assertThat(result.replacement().status()).isEqualTo(MemoryStatus.CURRENT);
        assertThat(result.replacement().version()).isEqualTo(1);
        assertThat(memory().list(of(TENANT, ALICE), null, 10)).extracting(MemoryItem::id).containsExactly("mem_2");
        assertThat(memory().versions(TENANT, "mem_1")).extracting(MemoryVersion::status)
                .containsExactly(MemoryStatus.CURRENT, MemoryStatus.SUPERSEDED);
        assertThat(memory().changesAfter(0, 10)).extracting(MemoryChange::itemId).containsExactly("mem_1", "mem_1", "mem_2");
        assertThatThrownBy(() -> memory().update(TENANT, "mem_1", new MemoryEdit("Prefers water", null, vector(1)), 0))
                .isInstanceOf(ConflictException.class).hasMessageContaining("mem_2");
    }

    @Test
    void aSupersedeThatFailsLeavesBothItemsAsTheyWere() {
        save("mem_1", ALICE, "Prefers tea");
        save("mem_2", ALICE, "Has a cat");
        long lastChange = memory().lastChangeSeq();

        assertThatThrownBy(() -> memory().supersede(TENANT, "mem_1", item("mem_2", TENANT, ALICE, "Prefers coffee"), 0))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> memory().supersede(TENANT, "mem_1", item("mem_3", TENANT, ALICE, "Prefers coffee"), 7))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> memory().supersede(TENANT, "mem_1", item("mem_3", TENANT, BOB, "Prefers coffee"), 0))
                .isInstanceOf(InvalidRequestException.class);

        assertThat(memory().find(TENANT, "mem_1").orElseThrow().status()).isEqualTo(MemoryStatus.CURRENT);
        assertThat(memory().find(TENANT, "mem_1").orElseThrow().version()).isEqualTo(1);
        assertThat(memory().find(TENANT, "mem_2").orElseThrow().text()).isEqualTo("Has a cat");
        assertThat(memory().find(TENANT, "mem_3")).isEmpty();
        assertThat(memory().versions(TENANT, "mem_1")).hasSize(1);
        assertThat(memory().lastChangeSeq()).isEqualTo(lastChange);
    }

    @Test
    void changesGrowStrictlyWithEveryWriteAndCarryTheCurrentItem() {
        assertThat(memory().lastChangeSeq()).isZero();
        save("mem_1", ALICE, "one");
        save("mem_2", BOB, "two");
        memory().update(TENANT, "mem_1", new MemoryEdit("one, again", null, vector(0, 1)), 0);
        memory().delete(TENANT, "mem_2", 0);

        List<MemoryChange> changes = memory().changesAfter(0, 100);

        assertThat(changes).extracting(MemoryChange::itemId).containsExactly("mem_1", "mem_2", "mem_1", "mem_2");
        assertStrictlyIncreasing(changes);
        assertThat(changes.getLast().seq()).isEqualTo(memory().lastChangeSeq());
        // each change carries the item as it is now, not as the write left it
        assertThat(changes.getFirst().current().item().text()).isEqualTo("one, again");
        assertThat(changes.get(1).current()).isNull();
        assertThat(memory().changesAfter(changes.get(1).seq(), 100)).extracting(MemoryChange::seq)
                .containsExactly(changes.get(2).seq(), changes.get(3).seq());
        assertThat(memory().changesAfter(0, 2)).extracting(MemoryChange::seq)
                .containsExactly(changes.get(0).seq(), changes.get(1).seq());
        assertThat(memory().changesAfter(memory().lastChangeSeq(), 100)).isEmpty();
        // a reader may stand at any number, whether or not a change has it
        assertThat(memory().changesAfter(memory().lastChangeSeq() + 1000, 100)).isEmpty();
    }

    @Test
    void concurrentWritersGetDistinctIncreasingChanges() throws Exception {
        int writers = 8;
        int each = 25;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                int w = writer;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        save("mem_" + w + "_" + i, MemoryOwner.user("u" + w), "note " + i);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }

        List<MemoryChange> changes = memory().changesAfter(0, 1000);

        assertThat(changes).hasSize(writers * each);
        assertStrictlyIncreasing(changes);
        assertThat(changes).extracting(MemoryChange::itemId).doesNotHaveDuplicates();
    }

    @Test
    void currentItemsPageThroughEveryTenantById() {
        save("mem_c", ALICE, "c");
        memory().insert(item("mem_a", OTHER_TENANT, BOB, "a"));
        save("mem_b", HELPER, "b");
        save("mem_d", ALICE, "d");
        memory().delete(TENANT, "mem_d", 0);

        assertThat(memory().currentItems(null, 2)).extracting(indexable -> indexable.item().id())
                .containsExactly("mem_a", "mem_b");
        assertThat(memory().currentItems("mem_b", 2)).extracting(indexable -> indexable.item().id())
                .containsExactly("mem_c");
        assertThat(memory().currentItems(null, 10)).extracting(IndexableMemory::item)
                .extracting(indexed -> indexed.tenantId()).containsExactly(OTHER_TENANT, TENANT, TENANT);
    }

    @Test
    void itemsVersionsAndChangesSurviveReopen() {
        save("mem_1", ALICE, "one");
        memory().update(TENANT, "mem_1", new MemoryEdit("two", null, vector(0, 1)), 1);
        MemoryItem before = memory().find(TENANT, "mem_1").orElseThrow();
        List<MemoryChange> changes = memory().changesAfter(0, 10);

        reopenStore();
        save("mem_2", ALICE, "three");

        assertThat(memory().find(TENANT, "mem_1")).contains(before);
        assertThat(memory().versions(TENANT, "mem_1")).hasSize(2);
        List<MemoryChange> after = memory().changesAfter(0, 10);
        assertThat(after.subList(0, 2)).extracting(MemoryChange::seq)
                .containsExactlyElementsOf(changes.stream().map(MemoryChange::seq).toList());
        assertStrictlyIncreasing(after);
    }

    private static void assertStrictlyIncreasing(List<MemoryChange> changes) {
        for (int i = 1; i < changes.size(); i++) {
            assertThat(changes.get(i).seq()).isGreaterThan(changes.get(i - 1).seq());
        }
    }
}
