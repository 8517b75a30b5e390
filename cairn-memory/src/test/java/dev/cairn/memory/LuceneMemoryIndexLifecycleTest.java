package dev.cairn.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.MemoryIndex;
import dev.cairn.core.memory.MemoryIndexException;
import dev.cairn.core.memory.SearchMode;
import dev.cairn.testing.memory.MemoryIndexLifecycleContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneMemoryIndexLifecycleTest extends MemoryIndexLifecycleContract {

    @TempDir
    Path directory;

    private Path folder;

    private Path folder() {
        if (folder == null) {
            folder = directory.resolve("data").resolve("memory-index");
        }
        return folder;
    }

    @Override
    protected Embedder embedder() {
        return SharedEmbedder.get();
    }

    @Override
    protected MemoryIndex openIndex() {
        return LuceneMemoryIndex.builder(folder(), MiniLmEmbedder.MODEL, 384).open();
    }

    /** Copies the folder as it is on disk, as a crash would leave it, and opens the copy. */
    @Override
    protected MemoryIndex reopenAfterCrash(MemoryIndex crashed) {
        Path copy = directory.resolve("after-crash-" + System.nanoTime());
        copyFolder(folder(), copy);
        crashed.close();
        folder = copy;
        return openIndex();
    }

    /** Overwrites every file of the index with bytes that are no Lucene file. */
    @Override
    protected void damageStorage() {
        try (Stream<Path> files = Files.list(folder())) {
            for (Path file : files.toList()) {
                Files.write(file, "not an index file".getBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFolder(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aMissingFolderIsCreatedAsAnEmptyIndex() {
        assertThat(Files.isDirectory(folder())).isTrue();
        assertThat(index.appliedThrough()).isZero();
    }

    @Test
    void anIndexMadeForAnotherModelOpensEmpty() {
        index.apply(upserts(memory("m1", ALICE, "I live in Lisbon.")), 7);
        index.close();
        index = null;

        try (MemoryIndex other = LuceneMemoryIndex.builder(folder(), "another-model", 384).open()) {
            assertThat(other.appliedThrough()).isZero();
            assertThat(other.size()).isZero();
        }
        index = openIndex();
        assertThat(index.appliedThrough()).as("the other model's empty index replaced ours").isZero();
    }

    @Test
    void aFolderHeldByAnOpenIndexIsRefusedAndLeftIntact() {
        index.apply(upserts(memory("m1", ALICE, "I live in Lisbon.")), 7);
        index.commit();

        assertThatThrownBy(this::openIndex).isInstanceOf(MemoryIndexException.class).hasMessageContaining("in use");

        assertThat(find("Lisbon", only(ALICE), 5, SearchMode.TEXT)).containsExactly("m1");
        reopenIndex();
        assertThat(index.appliedThrough()).isEqualTo(7);
    }

    @Test
    void aFolderThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(directory.resolve("a-file"), "text");

        assertThatThrownBy(() -> LuceneMemoryIndex.builder(file, MiniLmEmbedder.MODEL, 384).open())
                .isInstanceOf(MemoryIndexException.class).hasMessageContaining("a-file");
        assertThat(Files.readString(file)).isEqualTo("text");
    }

    @Test
    void aClosedIndexRefusesEverythingButClose() {
        index.close();

        assertThatThrownBy(() -> index.apply(List.of(), 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.search("x", null, only(ALICE), 5, SearchMode.TEXT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(index::commit).isInstanceOf(IllegalStateException.class);
        index.close();
        index = null;
    }

    @Test
    void settingsOutOfRangeAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> LuceneMemoryIndex.builder(folder(), "m", 0)).hasMessageContaining("0");
        assertThatThrownBy(() -> LuceneMemoryIndex.builder(folder(), "m", 8).rankConstant(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> LuceneMemoryIndex.builder(folder(), "m", 8).candidates(-1)).hasMessageContaining("-1");
    }
}
