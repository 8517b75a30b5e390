package dev.cairn.server.memory;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.memory.MemoryIndex;
import dev.cairn.core.store.MemoryStore;
import dev.cairn.memory.LuceneMemoryIndex;
import dev.cairn.memory.MiniLmEmbedder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real parts of long-term memory for tests: the all-MiniLM-L6-v2 embedder (loaded once per
 * test run, it is thread-safe) and Lucene indexes in folders the tests choose.
 */
public final class MemoryParts {

    private static volatile MiniLmEmbedder embedder;

    private MemoryParts() {
    }

    /** The in-process embedder, shared by every test. */
    public static Embedder embedder() {
        MiniLmEmbedder loaded = embedder;
        if (loaded == null) {
            synchronized (MemoryParts.class) {
                if (embedder == null) {
                    embedder = MiniLmEmbedder.create();
                }
                loaded = embedder;
            }
        }
        return loaded;
    }

    /** A Lucene index in {@code folder} (made if missing), for vectors of {@link #embedder()}. */
    public static MemoryIndex index(Path folder) {
        return LuceneMemoryIndex.builder(folder, embedder().model(), embedder().dimensions()).open();
    }

    /** Long-term memory over {@code store}, indexed in {@code indexFolder}. */
    public static LongTermMemory open(MemoryStore store, Path indexFolder) {
        return open(store, embedder(), indexFolder);
    }

    /** Long-term memory over {@code store} with {@code embedder}, indexed in {@code indexFolder}. */
    public static LongTermMemory open(MemoryStore store, Embedder embedder, Path indexFolder) {
        return LongTermMemory.open(store, embedder, index(indexFolder), IdGenerator.random(),
                new LongTermMemory.Options(Duration.ofSeconds(5), 256));
    }

    /** An embedder that counts the texts it is asked to embed, then asks the real one. */
    public static final class Counting implements Embedder {
        private final Embedder real = embedder();
        private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        @Override
        public String model() {
            return real.model();
        }

        @Override
        public int dimensions() {
            return real.dimensions();
        }

        @Override
        public float[] embed(String text) {
            counts.computeIfAbsent(text, key -> new AtomicInteger()).incrementAndGet();
            return real.embed(text);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            texts.forEach(text -> counts.computeIfAbsent(text, key -> new AtomicInteger()).incrementAndGet());
            return real.embedAll(texts);
        }

        /** How many times {@code text} was embedded. */
        public int count(String text) {
            AtomicInteger count = counts.get(text);
            return count == null ? 0 : count.get();
        }

        /** How many embeddings were made, of any text. */
        public int total() {
            return counts.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }
}
