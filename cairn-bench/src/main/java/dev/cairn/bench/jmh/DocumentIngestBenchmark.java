package dev.cairn.bench.jmh;

import dev.cairn.core.IdGenerator;
import dev.cairn.documents.Chunker;
import dev.cairn.documents.DocumentFixtures;
import dev.cairn.documents.DocumentLibrary;
import dev.cairn.documents.DocumentType;
import dev.cairn.documents.ExtractedText;
import dev.cairn.documents.TextExtractor;
import dev.cairn.memory.LuceneMemoryIndex;
import dev.cairn.memory.MiniLmEmbedder;
import dev.cairn.store.sqlite.SqliteStore;
import java.io.IOException;
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
 * Uploading one new {@code pages}-page PDF until it is searchable: Tika's extraction, chunking,
 * embedding, the durable write and the index update, over a SQLite file, a Lucene index and the
 * real embedding model. Pages per second is {@code pages} divided by the time per upload.
 * {@code extractAndChunk} is the part before embedding, alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class DocumentIngestBenchmark {

    private static final String TENANT = "bench";
    @Param("20")
    int pages;

    private Path directory;
    private SqliteStore store;
    private MiniLmEmbedder embedder;
    private DocumentLibrary library;
    private final List<byte[]> pdfs = new ArrayList<>();
    private final TextExtractor extractor = new TextExtractor(DocumentLibrary.Options.DEFAULT.maxTextChars());
    private final AtomicInteger next = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("cairn-jmh-documents-");
        store = SqliteStore.open(directory.resolve("documents.db"), Clock.systemUTC());
        embedder = MiniLmEmbedder.create();
        library = DocumentLibrary.open(store.documents(), embedder,
                LuceneMemoryIndex.builder(directory.resolve("index"), embedder.model(), embedder.dimensions()).open(),
                IdGenerator.random(), Clock.systemUTC(), DocumentLibrary.Options.DEFAULT);
        library.createCollection(TENANT, "uploads", "");
        DocumentCorpus corpus = new DocumentCorpus(7);
        for (int i = 0; i < 8; i++) {
            List<List<String>> content = new ArrayList<>();
            for (int page = 0; page < pages; page++) {
                content.add(corpus.pageLines(30));
            }
            pdfs.add(DocumentFixtures.pdf(content));
        }
        ExtractedText text = extractor.extract("report.pdf", DocumentType.PDF, pdfs.getFirst());
        System.out.printf("%none PDF: %d pages, %d bytes, %d characters of text, %d chunks%n", text.pages(),
                pdfs.getFirst().length, text.text().length(), Chunker.DEFAULT.chunks(text).size());
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

    /** Tika's extraction of the same PDFs and their chunking, without embedding or storing. */
    @Benchmark
    public Object extractAndChunk() {
        int i = next.incrementAndGet();
        return Chunker.DEFAULT.chunks(extractor.extract("report.pdf", DocumentType.PDF, pdfs.get(i % pdfs.size())));
    }

    /** Uploading a new multi-page PDF until it is searchable. */
    @Benchmark
    public Object ingestPdf() {
        int i = next.incrementAndGet();
        return library.upload(TENANT, "uploads", "report-" + i + ".pdf", "application/pdf", pdfs.get(i % pdfs.size()));
    }
}
