package dev.cairn.server;

import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.MemoryIndexException;
import dev.cairn.memory.LuceneMemoryIndex;
import java.nio.file.Path;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a server keeps its long-term memory index: {@code DATA/index/memory}, or, while another
 * process on the same data folder holds that one open, the first free of {@code memory-2} to
 * {@code memory-8}. Each process then follows the shared database with its own index, and takes
 * the same folder again when it restarts alone, so it catches up instead of rebuilding.
 */
final class MemoryIndexFolders {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryIndexFolders.class);
    static final int MAX_FOLDERS = 8;

    private MemoryIndexFolders() {
    }

    /**
     * Opens the first folder under {@code indexRoot} that no other open index holds.
     *
     * @throws MemoryIndexException when every folder is held, or one fails for another reason
     */
    static LuceneMemoryIndex open(Path indexRoot, Embedder embedder) {
        return open(indexRoot, "memory", embedder);
    }

    /** Opens the first free folder {@code name}, {@code name-2}, ... under {@code indexRoot}, the same way. */
    static LuceneMemoryIndex open(Path indexRoot, String name, Embedder embedder) {
        MemoryIndexException held = null;
        for (int number = 1; number <= MAX_FOLDERS; number++) {
            Path folder = indexRoot.resolve(number == 1 ? name : name + "-" + number);
            try {
                LuceneMemoryIndex index = LuceneMemoryIndex.builder(folder, embedder.model(), embedder.dimensions()).open();
                if (held != null) {
                    LOG.info("another process on this data folder holds its memory index; this one uses {}", folder);
                }
                return index;
            } catch (MemoryIndexException e) {
                if (!(e.getCause() instanceof LockObtainFailedException)) {
                    throw e;
                }
                held = e;
            }
        }
        throw new MemoryIndexException("all " + MAX_FOLDERS + " " + name + " index folders under " + indexRoot
                + " are held by other processes on this data folder", held);
    }
}
