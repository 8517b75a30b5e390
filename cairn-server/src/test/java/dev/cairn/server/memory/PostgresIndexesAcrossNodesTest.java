package dev.cairn.server.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryKind;
import dev.cairn.core.memory.MemoryMatch;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.MemoryWrite;
import dev.cairn.core.store.Tenant;
import dev.cairn.documents.ChunkMatch;
import dev.cairn.documents.DocumentLibrary;
import dev.cairn.store.postgres.PostgresStore;
import dev.cairn.store.postgres.PostgresStoreOptions;
import dev.cairn.testing.postgres.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL database, each with its own store handle (its own pool) and its own
 * Lucene index folders: what one node saves, the other's very next search finds, since every
 * search first brings the node's index up to the store's last change.
 */
class PostgresIndexesAcrossNodesTest {

    private static final String TENANT = "t1";
    private static final MemoryOwner ALICE = MemoryOwner.user("alice");
    private static final MemoryFilter ALICES = new MemoryFilter(TENANT, Set.of(ALICE), null);
    private static final List<String> FACTS = List.of(
            "Alice's favourite colour is teal",
            "The office wifi password changes every Monday",
            "Quarterly reports are due on the fifth working day",
            "The staging server runs in the Frankfurt region",
            "Invoices above 10,000 euros need two signatures");

    @TempDir
    Path folder;
    private TestDatabase database;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create("indexes");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
        database.close();
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private PostgresStore node() {
        return opened(PostgresStore.open(PostgresStoreOptions.parse(database.storeUrl() + "?pool-size=4"),
                Clock.systemUTC()));
    }

    @Test
    void aMemorySavedOnOneNodeIsFoundByTheOthersNextSearch() {
        PostgresStore storeA = node();
        PostgresStore storeB = node();
        LongTermMemory nodeA = opened(MemoryParts.open(storeA.memory(), folder.resolve("a/memory")));
        LongTermMemory nodeB = opened(MemoryParts.open(storeB.memory(), folder.resolve("b/memory")));

        for (int i = 0; i < FACTS.size(); i++) {
            LongTermMemory writer = i % 2 == 0 ? nodeA : nodeB;
            LongTermMemory reader = i % 2 == 0 ? nodeB : nodeA;
            MemoryItem saved = writer.save(new MemoryWrite(TENANT, ALICE, null, MemoryKind.FACT, FACTS.get(i), null, null));

            List<MemoryMatch> found = reader.search(ALICES, FACTS.get(i), 1);

            assertThat(found).as("fact %d, saved on one node and searched on the other", i)
                    .extracting(match -> match.item().id()).containsExactly(saved.id());
        }

        MemoryItem teal = nodeB.search(ALICES, "Which colour does Alice like?", 1).getFirst().item();
        nodeA.delete(TENANT, teal.id(), teal.version());

        assertThat(nodeB.search(ALICES, "Which colour does Alice like?", 5))
                .extracting(match -> match.item().id()).doesNotContain(teal.id());
    }

    @Test
    void aDocumentUploadedOnOneNodeIsFoundByTheOthersNextSearch() {
        PostgresStore storeA = node();
        PostgresStore storeB = node();
        storeA.tenants().createTenant(new Tenant(TENANT, "Tenant one", java.time.Instant.now()));
        DocumentLibrary nodeA = opened(DocumentLibrary.open(storeA.documents(), MemoryParts.embedder(),
                MemoryParts.index(folder.resolve("a/documents")), IdGenerator.random(), Clock.systemUTC(),
                DocumentLibrary.Options.DEFAULT));
        DocumentLibrary nodeB = opened(DocumentLibrary.open(storeB.documents(), MemoryParts.embedder(),
                MemoryParts.index(folder.resolve("b/documents")), IdGenerator.random(), Clock.systemUTC(),
                DocumentLibrary.Options.DEFAULT));
        nodeA.createCollection(TENANT, "handbook", "The staff handbook");

        nodeA.upload(TENANT, "handbook", "travel.md", "text/markdown",
                "Train tickets for trips under four hours are booked in second class.".getBytes(StandardCharsets.UTF_8));
        List<ChunkMatch> found = nodeB.search(TENANT, List.of("handbook"), "How are train tickets booked?", 3);

        assertThat(found).extracting(match -> match.chunk().text()).anySatisfy(text ->
                assertThat(text).contains("second class"));
    }
}
