package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.store.DutyLock;
import dev.cairn.core.store.Tenant;
import dev.cairn.documents.DocumentLibrary;
import dev.cairn.server.config.CollectionConfig;
import dev.cairn.server.memory.MemoryParts;
import dev.cairn.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folders of {@code collections:} are read by the one node holding the duty, not by every node at once. */
class DocumentFoldersTest {

    @TempDir
    Path folder;

    @Test
    void aNodeLeavesTheFoldersToTheNodeHoldingTheDutyAndReadsThemWhenItIsFree() throws Exception {
        Path handbook = Files.createDirectories(folder.resolve("handbook"));
        Files.writeString(handbook.resolve("vpn.md"), "# VPN\n\nConnect to the VPN before opening the wiki.");
        Map<String, CollectionConfig> collections = Map.of("handbook", new CollectionConfig(handbook, "The handbook"));
        try (SqliteStore store = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC());
             SqliteStore otherNode = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC());
             DocumentLibrary library = DocumentLibrary.open(store.documents(), MemoryParts.embedder(),
                     MemoryParts.index(folder.resolve("index")), IdGenerator.random(), Clock.systemUTC(),
                     DocumentLibrary.Options.DEFAULT)) {
            store.tenants().createTenant(new Tenant("t1", "Tenant one", Instant.now()));

            try (DutyLock held = otherNode.exclusive(DocumentFolders.DUTY).orElseThrow()) {
                DocumentFolders.declare(store, library, "t1", collections);

                assertThat(library.collections("t1")).isEmpty();
            }

            DocumentFolders.declare(store, library, "t1", collections);

            assertThat(library.documents("t1", "handbook")).extracting(document -> document.name()).containsExactly("vpn.md");
            assertThat(otherNode.exclusive(DocumentFolders.DUTY)).as("given up after reading").isPresent();
        }
    }
}
