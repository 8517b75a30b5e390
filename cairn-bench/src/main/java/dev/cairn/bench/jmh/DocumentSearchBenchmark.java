package dev.cairn.bench.jmh;

import dev.cairn.core.IdGenerator;
import dev.cairn.documents.ChunkMatch;
import dev.cairn.documents.DocumentLibrary;
import dev.cairn.memory.LuceneMemoryIndex;
import dev.cairn.memory.MiniLmEmbedder;
import dev.cairn.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one {@code docs_search} call costs (embedding the query, the hybrid search, joining the
 * hits with their stored chunks) in a collection of {@code chunks} chunks, over a SQLite file, a
 * Lucene index and the real embedding model; sampled for percentiles. The setup ingests the
 * collection as text documents of 20 paragraphs (one chunk each) and prints how long it took.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class DocumentSearchBenchmark {

    private static final String TENANT = "bench";
    private static final int PARAGRAPHS_PER_DOCUMENT = 20;

    @Param("10000")
    int chunks;

    private Path directory;
    private SqliteStore store;
    private MiniLmEmbedder embedder;
    private DocumentLibrary library;
    private final AtomicInteger next = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("cairn-jmh-documents-");
        store = SqliteStore.open(directory.resolve("documents.db"), Clock.systemUTC());
        embedder = MiniLmEmbedder.create();
        library = DocumentLibrary.open(store.documents(), embedder,
                LuceneMemoryIndex.builder(directory.resolve("index"), embedder.model(), embedder.dimensions()).open(),
                IdGenerator.random(), Clock.systemUTC(), DocumentLibrary.Options.DEFAULT);
        library.createCollection(TENANT, "handbook", "");
        DocumentCorpus corpus = new DocumentCorpus(7);
        long start = System.nanoTime();
        for (int document = 0; document * PARAGRAPHS_PER_DOCUMENT < chunks; document++) {
            String text = corpus.document(PARAGRAPHS_PER_DOCUMENT, 900);
            library.upload(TENANT, "handbook", "part-" + document + ".txt", "text/plain",
                    text.getBytes(StandardCharsets.UTF_8));
        }
        System.out.printf("%n%d chunks ingested in %.1f s%n", library.indexedChunks(), (System.nanoTime() - start) / 1e9);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        library.close();
        store.close();
        embedder.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** One docs_search call: the best five chunks of the collection for a question. */
    @Benchmark
    public List<ChunkMatch> search() {
        int i = next.incrementAndGet();
        return library.search(TENANT, List.of("handbook"), DocumentCorpus.QUESTIONS.get(i % DocumentCorpus.QUESTIONS.size()),
                5);
    }
}
