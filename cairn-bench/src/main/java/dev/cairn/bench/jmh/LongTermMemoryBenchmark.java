package dev.cairn.bench.jmh;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.memory.Embedding;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryKind;
import dev.cairn.core.memory.MemoryMatch;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.MemoryWrite;
import dev.cairn.core.memory.NewMemory;
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
import java.util.Set;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Long-term memory as agents use it, over a SQLite file, a Lucene index and the real embedding
 * model, holding 2,000 items of 20 users: a search when the index is already current (what a
 * model step's recall costs once the message's vector is known), the check that finds the index
 * current, and a save (embedding, durable insert, index update).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LongTermMemoryBenchmark {

    private static final String TENANT = "bench";
    private static final int USERS = 20;
    private static final int ITEMS_PER_USER = 100;
    private static final List<String> SUBJECTS = List.of("the quarterly report", "the staging server", "her flight",
            "the invoice", "the team offsite", "his allergy", "the contract renewal", "the support ticket",
            "the office move", "the new laptop");
    private static final List<String> FACTS = List.of("is due on Friday", "needs two signatures", "moved to Berlin",
            "was delayed by a week", "prefers email over calls", "is handled by Priya", "costs 4,000 euros",
            "must be approved by legal", "runs in Frankfurt", "was cancelled");
    private static final List<String> QUERIES = List.of("when is the report due", "who handles the ticket",
            "where does the server run", "what did the contract cost", "which flight was delayed",
            "does anything need legal approval", "what was cancelled", "how should I contact her");

    private Path directory;
    private SqliteStore store;
    private MiniLmEmbedder embedder;
    private LongTermMemory memory;
    private final AtomicInteger next = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("cairn-jmh-memory-");
        store = SqliteStore.open(directory.resolve("memory.db"), Clock.systemUTC());
        embedder = MiniLmEmbedder.create();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < USERS * ITEMS_PER_USER; i++) {
            texts.add(text(i));
        }
        List<float[]> vectors = embedder.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            store.memory().insert(new NewMemory("mem_" + i, TENANT, user(i % USERS), "", MemoryKind.FACT, texts.get(i),
                    null, null, new Embedding(embedder.model(), vectors.get(i))));
        }
        memory = LongTermMemory.open(store.memory(), embedder,
                LuceneMemoryIndex.builder(directory.resolve("index"), embedder.model(), embedder.dimensions()).open(),
                IdGenerator.random(), LongTermMemory.Options.DEFAULT);
        for (String query : QUERIES) {
            memory.search(filter(0), query, 5); // the query vectors are cached from here on, as recall's are
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        memory.close();
        store.close();
        embedder.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static String text(int i) {
        return "For user " + (i % USERS) + ", " + SUBJECTS.get(i % SUBJECTS.size()) + " "
                + FACTS.get((i / SUBJECTS.size()) % FACTS.size()) + " (note " + i + ")";
    }

    private static MemoryOwner user(int number) {
        return MemoryOwner.user("user" + number);
    }

    private static MemoryFilter filter(int user) {
        return new MemoryFilter(TENANT, Set.of(user(user), MemoryOwner.agent("assistant"), MemoryOwner.tenant()), null);
    }

    /** One user's best five items for a question whose vector is known: what recall pays per model step. */
    @Benchmark
    public List<MemoryMatch> searchWhenTheIndexIsCurrent() {
        int i = next.incrementAndGet();
        return memory.search(filter(i % USERS), QUERIES.get(i % QUERIES.size()), 5);
    }

    /** Finding that the index has applied every change the store holds. */
    @Benchmark
    public void catchUpWhenNothingChanged() {
        memory.catchUp();
    }

    /** Embedding a new item, storing it durably and indexing it, as {@code memory_save} does. */
    @Benchmark
    public MemoryItem save() {
        int i = next.incrementAndGet();
        return memory.save(new MemoryWrite(TENANT, user(i % USERS), null, MemoryKind.NOTE, text(i), null, null));
    }
}
