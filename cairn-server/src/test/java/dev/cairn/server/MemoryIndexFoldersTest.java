package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.memory.LuceneMemoryIndex;
import dev.cairn.server.memory.MemoryParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryIndexFoldersTest {

    @TempDir
    Path data;

    @Test
    void aProcessFindingTheIndexHeldUsesTheNextFreeFolderAndTheFirstAgainWhenAlone() {
        Path root = data.resolve("index");
        try (LuceneMemoryIndex first = MemoryIndexFolders.open(root, MemoryParts.embedder());
             LuceneMemoryIndex second = MemoryIndexFolders.open(root, MemoryParts.embedder())) {
            assertThat(first).isNotSameAs(second);
            assertThat(root.resolve("memory")).isDirectory();
            assertThat(root.resolve("memory-2")).isDirectory();
        }
        try (LuceneMemoryIndex alone = MemoryIndexFolders.open(root, MemoryParts.embedder())) {
            assertThat(root.resolve("memory-3")).doesNotExist();
        }
    }

    @Test
    void whenEveryFolderIsHeldTheStartFailsSayingSo() {
        Path root = data.resolve("index");
        List<LuceneMemoryIndex> held = new ArrayList<>();
        try {
            for (int i = 0; i < MemoryIndexFolders.MAX_FOLDERS; i++) {
                held.add(MemoryIndexFolders.open(root, MemoryParts.embedder()));
            }
            assertThatThrownBy(() -> MemoryIndexFolders.open(root, MemoryParts.embedder()))
                    .hasMessageContaining("all 8 memory index folders under " + root + " are held by other processes");
        } finally {
            held.forEach(LuceneMemoryIndex::close);
        }
        assertThat(Files.exists(root.resolve("memory-9"))).isFalse();
    }
}
