package dev.cairn.bench.jmh;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.documents.DocumentCollection;
import dev.cairn.core.documents.NewChunk;
import dev.cairn.core.documents.StoredDocument;
import dev.cairn.core.memory.Embedding;
import dev.cairn.documents.ChunkMatch;
import dev.cairn.documents.DocumentLibrary;
import dev.cairn.memory.LuceneMemoryIndex;
import dev.cairn.memory.MiniLmEmbedder;
import dev.cairn.store.sqlite.SqliteStore;
import java.io.IOException;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
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
 * Lucene index and the real embedding model; sampled for percentiles.
 *
 * <p>Embedding 10,000 chunks takes minutes on a busy machine, so the setup embeds {@code sample}
 * paragraphs with the real model and stores every chunk as one of them marked with its part
 * number, its vector that paragraph's with a little noise (so no two vectors are equal). The
 * library then opens on the store and builds its index from the stored vectors, as after a restart.
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

    @Param("500")
    int sample;

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
        DocumentCollection handbook = store.documents().createCollection(new DocumentCollection("coll_handbook", TENANT,
                "handbook", "", null, Instant.now()));
        DocumentCorpus corpus = new DocumentCorpus(7);
        List<String> paragraphs = new ArrayList<>();
        for (int i = 0; i < sample; i++) {
            paragraphs.add(corpus.paragraph(900));
        }
        long start = System.nanoTime();
        List<float[]> vectors = embedder.embedAll(paragraphs);
        System.out.printf("%n%d paragraphs embedded in %.1f s%n", sample, (System.nanoTime() - start) / 1e9);
        SplittableRandom noise = new SplittableRandom(11);
        for (int document = 0; document * PARAGRAPHS_PER_DOCUMENT < chunks; document++) {
            List<NewChunk> parts = new ArrayList<>();
            for (int ordinal = 0; ordinal < PARAGRAPHS_PER_DOCUMENT; ordinal++) {
                int number = document * PARAGRAPHS_PER_DOCUMENT + ordinal;
                String text = paragraphs.get(number % sample) + " (part " + number + ")";
                parts.add(new NewChunk(ordinal, text, ordinal * 1000, ordinal * 1000 + text.length(), null,
                        new Embedding(embedder.model(), nudged(vectors.get(number % sample), noise))));
            }
            store.documents().putDocument(new StoredDocument("doc_" + document, handbook.id(), "part-" + document + ".txt",
                    "text/plain", 20_000, "hash-" + document, StoredDocument.INDEXED, null, null, parts.size(),
                    Instant.now()), parts);
        }
        start = System.nanoTime();
        library = DocumentLibrary.open(store.documents(), embedder,
                LuceneMemoryIndex.builder(directory.resolve("index"), embedder.model(), embedder.dimensions()).open(),
                IdGenerator.random(), Clock.systemUTC(), DocumentLibrary.Options.DEFAULT);
        System.out.printf("index of %d chunks built in %.1f s%n", library.indexedChunks(), (System.nanoTime() - start) / 1e9);
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

    /** {@code vector} plus small Gaussian noise, back to length 1. */
    private static float[] nudged(float[] vector, SplittableRandom noise) {
        float[] nudged = new float[vector.length];
        double squares = 0;
        for (int i = 0; i < vector.length; i++) {
            double gaussian = Math.sqrt(-2 * Math.log(1 - noise.nextDouble())) * Math.cos(2 * Math.PI * noise.nextDouble());
            nudged[i] = (float) (vector[i] + 0.01 * gaussian);
            squares += (double) nudged[i] * nudged[i];
        }
        float scale = (float) (1 / Math.sqrt(squares));
        for (int i = 0; i < nudged.length; i++) {
            nudged[i] *= scale;
        }
        return nudged;
    }

    /** One docs_search call: the best five chunks of the collection for a question. */
    @Benchmark
    public List<ChunkMatch> search() {
        int i = next.incrementAndGet();
        return library.search(TENANT, List.of("handbook"), DocumentCorpus.QUESTIONS.get(i % DocumentCorpus.QUESTIONS.size()),
                5);
    }
}
