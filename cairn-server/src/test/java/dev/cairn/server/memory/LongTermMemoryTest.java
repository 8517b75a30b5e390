package dev.cairn.server.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.Embedding;
import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryIndex;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryKind;
import dev.cairn.core.memory.MemoryMatch;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.MemoryWrite;
import dev.cairn.core.memory.MemoryVersion;
import dev.cairn.core.memory.NewMemory;
import dev.cairn.core.store.MemoryStore;
import dev.cairn.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long-term memory over a real SQLite file, real Lucene indexes and the real embedding model. */
class LongTermMemoryTest {

    private static final String TENANT = "t1";
    private static final MemoryOwner ALICE = MemoryOwner.user("alice");
    private static final MemoryOwner BOB = MemoryOwner.user("bob");
    private static final List<String> FACTS = List.of(
            "Alice's favourite colour is teal",
            "The office wifi password changes every Monday",
            "Bob is allergic to peanuts",
            "Quarterly reports are due on the fifth working day",
            "The staging server runs in the Frankfurt region",
            "Invoices above 10,000 euros need two signatures");

    @TempDir
    Path folder;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private SqliteStore store(String file) {
        SqliteStore store = SqliteStore.open(folder.resolve(file), Clock.systemUTC());
        opened.add(store);
        return store;
    }

    private LongTermMemory memory(SqliteStore store, String indexFolder) {
        LongTermMemory memory = MemoryParts.open(store.memory(), folder.resolve(indexFolder));
        opened.add(memory);
        return memory;
    }

    private static MemoryItem save(LongTermMemory memory, MemoryOwner owner, String text) {
        return memory.save(new MemoryWrite(TENANT, owner, null, MemoryKind.FACT, text, null, null));
    }

    private static MemoryFilter filter(MemoryOwner... owners) {
        return new MemoryFilter(TENANT, Set.of(owners), null);
    }

    private static List<String> texts(List<MemoryMatch> matches) {
        return matches.stream().map(match -> match.item().text()).toList();
    }

    @Test
    void aSearchMadeAfterASaveReturnedFindsTheItem() {
        LongTermMemory memory = memory(store("cairn.db"), "index");
        for (String fact : FACTS) {
            MemoryItem saved = save(memory, ALICE, fact);

            List<MemoryMatch> found = memory.search(filter(ALICE), fact, 1);

            assertThat(found).extracting(match -> match.item().id()).containsExactly(saved.id());
        }
        assertThat(texts(memory.search(filter(ALICE), "which colour does Alice like best?", 1)))
                .containsExactly("Alice's favourite colour is teal");
    }

    @Test
    void anUpdateIsFoundByItsNewTextAndADeleteIsNotFoundAtAll() {
        LongTermMemory memory = memory(store("cairn.db"), "index");
        MemoryItem saved = save(memory, ALICE, "Alice lives in Paris");
        save(memory, ALICE, "Alice plays the cello");

        memory.update(TENANT, saved.id(), "Alice moved to Berlin", null, 1);

        assertThat(texts(memory.search(filter(ALICE), "Berlin", 1))).containsExactly("Alice moved to Berlin");
        assertThat(texts(memory.search(filter(ALICE), "Paris", 5))).doesNotContain("Alice lives in Paris");

        memory.delete(TENANT, saved.id(), 2);

        assertThat(texts(memory.search(filter(ALICE), "Berlin", 5))).containsExactly("Alice plays the cello");
    }

    @Test
    void aSupersededItemGivesWayToItsReplacement() {
        LongTermMemory memory = memory(store("cairn.db"), "index");
        MemoryItem tea = save(memory, ALICE, "Alice drinks tea every morning");

        MemoryStore.Superseded result = memory.supersede(TENANT, tea.id(), new MemoryWrite(TENANT, ALICE, null,
                MemoryKind.PREFERENCE, "Alice switched to coffee in the mornings", null, null), 1);

        assertThat(texts(memory.search(filter(ALICE), "what does Alice drink in the morning", 5)))
                .containsExactly("Alice switched to coffee in the mornings");
        assertThat(memory.get(TENANT, tea.id()).orElseThrow().supersededBy()).isEqualTo(result.replacement().id());
        assertThat(memory.versions(TENANT, tea.id())).extracting(MemoryVersion::text)
                .containsExactly("Alice drinks tea every morning", "Alice drinks tea every morning");
    }

    @Test
    void theIndexIsCommittedInTheBackgroundWithoutAClose() throws Exception {
        SqliteStore store = store("cairn.db");
        LongTermMemory memory = LongTermMemory.open(store.memory(), MemoryParts.embedder(),
                MemoryParts.index(folder.resolve("index")), IdGenerator.random(),
                new LongTermMemory.Options(Duration.ofMillis(20), 16));
        opened.add(memory);

        save(memory, ALICE, "Alice plays the cello");

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int committed = 0;
        while (committed == 0 && System.nanoTime() < deadline) {
            try (Directory directory = FSDirectory.open(folder.resolve("index"))) {
                if (DirectoryReader.indexExists(directory)) {
                    try (DirectoryReader lastCommit = DirectoryReader.open(directory)) {
                        committed = lastCommit.numDocs();
                    }
                }
            }
            Thread.onSpinWait();
        }
        assertThat(committed).isEqualTo(1);
    }

    @Test
    void anItemSavedThroughOneProcessIsFoundByTheOthersNextSearch() {
        LongTermMemory first = memory(store("cairn.db"), "index-1");
        LongTermMemory second = memory(store("cairn.db"), "index-2");

        MemoryItem saved = save(first, ALICE, "Alice's favourite colour is teal");
        assertThat(texts(second.search(filter(ALICE), "favourite colour", 1))).containsExactly(saved.text());

        second.update(TENANT, saved.id(), "Alice's favourite colour is now orange", null, 1);
        assertThat(texts(first.search(filter(ALICE), "favourite colour", 1)))
                .containsExactly("Alice's favourite colour is now orange");

        first.delete(TENANT, saved.id(), 2);
        assertThat(second.search(filter(ALICE), "favourite colour", 5)).isEmpty();
    }

    @Test
    void aDeletedIndexFolderIsRebuiltOnStartWithTheSameResults() throws Exception {
        SqliteStore store = store("cairn.db");
        LongTermMemory memory = MemoryParts.open(store.memory(), folder.resolve("index"));
        List<MemoryItem> saved = new ArrayList<>();
        for (String fact : FACTS) {
            saved.add(save(memory, fact.contains("Bob") ? BOB : ALICE, fact));
        }
        memory.update(TENANT, saved.get(0).id(), "Alice's favourite colour is orange", null, 0);
        memory.delete(TENANT, saved.get(4).id(), 0);
        List<String> queries = List.of("favourite colour", "food allergies", "when are reports due", "signatures",
                "wifi password");
        List<List<String>> before = queries.stream().map(query -> ids(memory.search(filter(ALICE, BOB), query, 1))).toList();
        memory.close();

        deleteRecursively(folder.resolve("index"));
        LongTermMemory reopened = memory(store, "index");

        assertThat(reopened.rebuiltAtStart()).isTrue();
        assertThat(queries.stream().map(query -> ids(reopened.search(filter(ALICE, BOB), query, 1))).toList())
                .isEqualTo(before).doesNotContain(List.of());
        assertThat(texts(reopened.search(filter(ALICE), "favourite colour", 5)))
                .contains("Alice's favourite colour is orange").doesNotContain("Alice's favourite colour is teal")
                .doesNotContain("The staging server runs in the Frankfurt region");
    }

    @Test
    void aRestartCatchesUpFromItsLastCommitWithoutRebuilding() {
        SqliteStore store = store("cairn.db");
        LongTermMemory memory = MemoryParts.open(store.memory(), folder.resolve("index"));
        save(memory, ALICE, "Alice's favourite colour is teal");
        memory.close();
        LongTermMemory elsewhere = memory(store("cairn.db"), "index-elsewhere");
        save(elsewhere, ALICE, "Alice plays the cello");

        LongTermMemory reopened = memory(store, "index");

        assertThat(reopened.rebuiltAtStart()).isFalse();
        assertThat(texts(reopened.search(filter(ALICE), "musical instrument cello", 1))).containsExactly("Alice plays the cello");
        assertThat(texts(reopened.search(filter(ALICE), "favourite colour", 1)))
                .containsExactly("Alice's favourite colour is teal");
    }

    @Test
    void anIndexBuiltFromAnotherDatabaseIsRebuilt() {
        SqliteStore other = store("other.db");
        LongTermMemory fromOther = MemoryParts.open(other.memory(), folder.resolve("index"));
        for (String fact : FACTS) {
            save(fromOther, ALICE, fact);
        }
        fromOther.close();
        SqliteStore store = store("cairn.db");
        store.memory().insert(new NewMemory("mem_only", TENANT, ALICE, "", MemoryKind.FACT, "Alice keeps bees",
                null, null, Embedding.of(MemoryParts.embedder(), "Alice keeps bees")));

        LongTermMemory memory = memory(store, "index");

        assertThat(memory.rebuiltAtStart()).isTrue();
        assertThat(texts(memory.search(filter(ALICE), "Alice", 10))).containsExactly("Alice keeps bees");
    }

    @Test
    void changesAfterAGapInTheSequenceAreApplied() throws Exception {
        SqliteStore store = store("cairn.db");
        LongTermMemory memory = memory(store, "index");
        save(memory, ALICE, "Alice plays the cello");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("cairn.db"));
             Statement statement = connection.createStatement()) {
            // What a sequence that hands numbers out and loses some (a rolled-back PostgreSQL insert) leaves.
            statement.executeUpdate("UPDATE sqlite_sequence SET seq = seq + 1000 WHERE name = 'memory_changes'");
        }
        LongTermMemory other = memory(store("cairn.db"), "index-other");

        save(other, ALICE, "Alice's favourite colour is teal");

        assertThat(store.memory().lastChangeSeq()).isGreaterThan(1000);
        assertThat(texts(memory.search(filter(ALICE), "favourite colour", 1))).containsExactly("Alice's favourite colour is teal");
    }

    @Test
    void aSearchSeesOnlyItsTenantAndOwnersEvenForTheSameWords() {
        SqliteStore store = store("cairn.db");
        LongTermMemory memory = memory(store, "index");
        save(memory, ALICE, "My favourite colour is teal");
        save(memory, BOB, "My favourite colour is red");
        save(memory, MemoryOwner.agent("helper"), "Answer colour questions briefly");
        memory.save(new MemoryWrite("t2", ALICE, null, MemoryKind.FACT, "My favourite colour is gold", null, null));

        assertThat(texts(memory.search(filter(BOB), "My favourite colour is teal", 10)))
                .containsExactly("My favourite colour is red");
        assertThat(texts(memory.search(filter(ALICE, MemoryOwner.agent("helper")), "favourite colour", 10)))
                .containsExactlyInAnyOrder("My favourite colour is teal", "Answer colour questions briefly");
        assertThat(texts(memory.search(new MemoryFilter("t2", Set.of(ALICE), null), "favourite colour", 10)))
                .containsExactly("My favourite colour is gold");
        assertThat(memory.search(new MemoryFilter(TENANT, Set.of(ALICE), "other-namespace"), "favourite colour", 10)).isEmpty();
    }

    @Test
    void aHitWhoseItemIsGoneIsSkipped() {
        SqliteStore store = store("cairn.db");
        LongTermMemory memory = MemoryParts.open(store.memory(), folder.resolve("index"));
        MemoryItem kept = save(memory, ALICE, "Alice plays the cello");
        memory.close();
        try (MemoryIndex index = MemoryParts.index(folder.resolve("index"))) {
            String ghost = "Alice plays the violin";
            index.apply(List.of(new MemoryIndex.Change.Upsert(new IndexedMemory("mem_ghost", TENANT, ALICE, "", ghost,
                    MemoryParts.embedder().embed(ghost)))), index.appliedThrough());
            index.commit();
        }

        LongTermMemory reopened = memory(store, "index");

        assertThat(reopened.rebuiltAtStart()).isFalse();
        assertThat(reopened.search(filter(ALICE), "Alice plays the violin", 5)).extracting(match -> match.item().id())
                .containsExactly(kept.id());
    }

    @Test
    void itemsEmbeddedByAnotherModelAreEmbeddedAgainForTheIndex() {
        SqliteStore store = store("cairn.db");
        store.memory().insert(new NewMemory("mem_old", TENANT, ALICE, "", MemoryKind.FACT,
                "Alice's favourite colour is teal", null, null, new Embedding("an-older-model", new float[] {1, 0, 0})));

        LongTermMemory memory = memory(store, "index");

        List<MemoryMatch> found = memory.search(filter(ALICE), "which colour does she like", 1);
        assertThat(found).extracting(match -> match.item().id()).containsExactly("mem_old");
    }

    @Test
    void aSaveRepeatedWithItsIdempotencyKeySavesOnce() {
        SqliteStore store = store("cairn.db");
        LongTermMemory memory = memory(store, "index");
        MemoryWrite write = new MemoryWrite(TENANT, ALICE, null, MemoryKind.NOTE, "Alice plays the cello", null, null);

        MemoryItem first = memory.saveOnce("ses_1:run_1:1:call_1", write);
        MemoryItem again = memory.saveOnce("ses_1:run_1:1:call_1", write);
        MemoryItem other = memory.saveOnce("ses_1:run_1:1:call_2", write);

        assertThat(again).isEqualTo(first);
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(store.memory().changesAfter(0, 10)).hasSize(2);
    }

    @Test
    void concurrentSavesAreEachFoundByTheSearchThatFollowsThem() throws Exception {
        SqliteStore store = store("cairn.db");
        LongTermMemory first = memory(store, "index-1");
        LongTermMemory second = memory(store("cairn.db"), "index-2");
        int writers = 6;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<List<String>>> misses = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                LongTermMemory memory = writer % 2 == 0 ? first : second;
                MemoryOwner owner = MemoryOwner.user("user" + writer);
                misses.add(pool.submit(() -> {
                    List<String> missed = new ArrayList<>();
                    for (String fact : FACTS) {
                        MemoryItem saved = save(memory, owner, fact);
                        if (!ids(memory.search(filter(owner), fact, 1)).equals(List.of(saved.id()))) {
                            missed.add(fact);
                        }
                    }
                    return missed;
                }));
            }
            for (Future<List<String>> missed : misses) {
                assertThat(missed.get()).isEmpty();
            }
        }
        for (int writer = 0; writer < writers; writer++) {
            MemoryFilter owner = filter(MemoryOwner.user("user" + writer));
            assertThat(texts(first.search(owner, "peanuts", 1))).containsExactly("Bob is allergic to peanuts");
            assertThat(ids(second.search(owner, "peanuts", 1))).isEqualTo(ids(first.search(owner, "peanuts", 1)));
        }
    }

    @Test
    void badInputIsRefusedAndNothingIsStored() {
        SqliteStore store = store("cairn.db");
        LongTermMemory memory = memory(store, "index");
        MemoryItem saved = save(memory, ALICE, "Alice plays the cello");

        for (MemoryWrite bad : List.of(
                new MemoryWrite(TENANT, ALICE, null, null, " ", null, null),
                new MemoryWrite(TENANT, ALICE, null, null, "x".repeat(8_001), null, null),
                new MemoryWrite(TENANT, ALICE, "no spaces", null, "fine", null, null),
                new MemoryWrite(TENANT, ALICE, null, null, "fine", Json.object().put("blob", "x".repeat(17_000)), null))) {
            assertThatThrownBy(() -> memory.save(bad)).isInstanceOf(InvalidRequestException.class);
        }
        assertThatThrownBy(() -> memory.update(TENANT, saved.id(), null, null, 0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> memory.update(TENANT, saved.id(), "", null, 0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> memory.search(filter(ALICE), " ", 5)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> memory.search(filter(ALICE), "x".repeat(2_001), 5)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> memory.search(filter(ALICE), "cello", 0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> memory.list(filter(ALICE), null, 101)).isInstanceOf(InvalidRequestException.class);

        assertThat(store.memory().changesAfter(0, 10)).hasSize(1);
        assertThat(memory.get(TENANT, saved.id()).orElseThrow().version()).isEqualTo(1);
        assertThat(store.memory().lastChangeSeq()).isEqualTo(1);
    }

    private static List<String> ids(List<MemoryMatch> matches) {
        return matches.stream().map(match -> match.item().id()).toList();
    }

    private static void deleteRecursively(Path path) throws Exception {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
