package dev.cairn.memory;

import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.MemoryIndex;
import dev.cairn.testing.memory.MemoryIndexContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LuceneMemoryIndexTest extends MemoryIndexContract {

    @TempDir
    Path directory;

    @Override
    protected Embedder embedder() {
        return SharedEmbedder.get();
    }

    @Override
    protected MemoryIndex openIndex() {
        return LuceneMemoryIndex.builder(directory.resolve("memory-index"), MiniLmEmbedder.MODEL, 384).open();
    }
}
