package dev.cairn.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryIndex.Change;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.SearchMode;
import dev.cairn.memory.LuceneMemoryIndex;
import dev.cairn.memory.MiniLmEmbedder;
import dev.cairn.testing.memory.EvaluationSet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn bench memory}: the long-term memory index at growing sizes (see
 * {@link MemoryCorpus} for how the items are made). For the first size it times a rebuild from
 * stored vectors (a new index, every item applied in batches, then a commit); it then
 * grows the same index to each next size, and reopens it once its merges are done. At each size it
 * prints one JSON line: disk, heap, and
 * the p50/p99 latency of single-threaded searches shaped as Cairn searches (one person's memories
 * plus the agent's and the tenant's shared ones), of one person's memories alone, and of each
 * ranking alone.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Memory search latency, rebuild time, heap and disk of the Lucene memory index at 100k and 1M items.")
final class MemoryCommand implements Callable<Integer> {

    private static final int LIMIT = 10;
    private static final int EXACT_QUESTIONS = 200;

    @Option(names = "--items", defaultValue = "100000,1000000", split = ",",
            description = "index sizes to measure, increasing (default ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--queries", defaultValue = "2000", description = "measured searches per shape and size (default ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--warmup", defaultValue = "500", description = "searches before measuring, figures discarded (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--sample", defaultValue = "3000", description = "texts embedded by the real model (default ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--seed", defaultValue = "7", description = "seed of the corpus (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch", defaultValue = "1000", description = "changes per apply while indexing (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--candidates", defaultValue = "50",
            description = "items of each ranking a hybrid search fuses (default ${DEFAULT-VALUE}, the index's default)")
    int candidates;

    @Option(names = "--dir", description = "keep the index in this folder (default: a temporary folder, deleted)")
    Path directory;

    @Override
    public Integer call() throws Exception {
        for (int index = 0; index < sizes.size(); index++) {
            if (sizes.get(index) < 1 || (index > 0 && sizes.get(index) <= sizes.get(index - 1))) {
                throw new IllegalArgumentException("--items must be increasing sizes, got " + sizes);
            }
        }
        if (queries < 1 || warmup < 0 || batch < 1) {
            throw new IllegalArgumentException("--queries and --batch must be at least 1 and --warmup at least 0");
        }
        Path folder = directory != null ? directory : Files.createTempDirectory("cairn-memory-bench");
        MemoryCorpus corpus;
        System.err.printf("memory: embedding %d texts and 1,000 questions with %s%n", sample, MiniLmEmbedder.MODEL);
        try (MiniLmEmbedder embedder = MiniLmEmbedder.create()) {
            corpus = MemoryCorpus.create(seed, sample, 1_000, embedder);
        }
        long heapWithoutIndex = usedHeap();
        MemoryCorpus.Items reader = corpus.items();
        try {
            int stored = 0;
            for (int size : sizes) {
                ObjectNode line = Json.object();
                line.put("memory_items", size);
                try (LuceneMemoryIndex index = open(folder)) {
                    if (stored == 0) {
                        index.clear();
                    }
                    long nanos = grow(index, reader, stored, size);
                    line.put(stored == 0 ? "rebuild_seconds" : "grow_seconds", round(nanos / 1e9));
                    line.put(stored == 0 ? "rebuild_items_per_sec" : "grow_items_per_sec", Math.round((size - stored) / (nanos / 1e9)));
                    stored = size;
                }
                // reopened: closing waited for the merges indexing started, so searches meet an index at rest
                try (LuceneMemoryIndex index = open(folder)) {
                    measureSearches(index, corpus, line);
                    line.put("vector_recall_at_10_vs_exact", vectorRecall(index, corpus, size));
                    long heap = usedHeap() - heapWithoutIndex;
                    line.put("heap_bytes", heap);
                    line.put("heap_bytes_per_100k", Math.round(heap * 100_000.0 / size));
                }
                // closed: only the committed index is left on disk, not files the open readers still held
                long disk = folderBytes(folder);
                line.put("disk_bytes", disk);
                line.put("disk_bytes_per_100k", Math.round(disk * 100_000.0 / size));
                System.out.println(Json.write(line));
            }
        } finally {
            if (directory == null) {
                DatabaseFiles.deleteTree(folder);
            }
        }
        return 0;
    }

    private LuceneMemoryIndex open(Path folder) {
        return LuceneMemoryIndex.builder(folder, MiniLmEmbedder.MODEL, 384).candidates(candidates).open();
    }

    /** Applies items {@code from} to {@code to} in batches and commits; the nanoseconds spent in the index. */
    private long grow(LuceneMemoryIndex index, MemoryCorpus.Items reader, int from, int to) {
        System.err.printf("memory: indexing items %,d to %,d%n", from, to);
        long nanos = 0;
        for (int start = from; start < to; start += batch) {
            List<Change> changes = reader.next(Math.min(to, start + batch) - start).stream()
                    .<Change>map(Change.Upsert::new).toList();
            long began = System.nanoTime();
            index.apply(changes, start + changes.size());
            nanos += System.nanoTime() - began;
            if ((start + changes.size()) / 100_000 > start / 100_000) {
                System.err.printf("memory: %,d items%n", start + changes.size());
            }
        }
        long began = System.nanoTime();
        index.commit();
        return nanos + System.nanoTime() - began;
    }

    private void measureSearches(LuceneMemoryIndex index, MemoryCorpus corpus, ObjectNode line) {
        Function<EvaluationSet.Question, MemoryFilter> asCairn = question -> new MemoryFilter(MemoryCorpus.TENANT,
                Set.of(MemoryOwner.user(question.userId()), MemoryCorpus.AGENT, MemoryOwner.tenant()), null);
        Function<EvaluationSet.Question, MemoryFilter> ownOnly = question -> new MemoryFilter(MemoryCorpus.TENANT,
                Set.of(MemoryOwner.user(question.userId())), null);
        latencies(line, "hybrid", percentiles(index, corpus, asCairn, SearchMode.HYBRID));
        latencies(line, "hybrid_own_only", percentiles(index, corpus, ownOnly, SearchMode.HYBRID));
        latencies(line, "text", percentiles(index, corpus, asCairn, SearchMode.TEXT));
        latencies(line, "vector", percentiles(index, corpus, asCairn, SearchMode.VECTOR));
    }

    private Histogram percentiles(LuceneMemoryIndex index, MemoryCorpus corpus,
            Function<EvaluationSet.Question, MemoryFilter> filters, SearchMode mode) {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        List<EvaluationSet.Question> questions = corpus.questions();
        for (int number = 0; number < warmup + queries; number++) {
            int pick = number % questions.size();
            EvaluationSet.Question question = questions.get(pick);
            MemoryFilter filter = filters.apply(question);
            long began = System.nanoTime();
            index.search(question.text(), corpus.questionVector(pick), filter, LIMIT, mode);
            long micros = (System.nanoTime() - began) / 1_000;
            if (number >= warmup) {
                histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
            }
        }
        return histogram;
    }

    /**
     * The share of the true 10 nearest neighbours (Cairn-shaped filter) that the index's vector
     * search returns, over {@value #EXACT_QUESTIONS} questions: what the approximate graph search costs in quality.
     */
    private static double vectorRecall(LuceneMemoryIndex index, MemoryCorpus corpus, int size) {
        System.err.printf("memory: exact nearest neighbours of %d questions among %,d items%n", EXACT_QUESTIONS, size);
        List<List<String>> exact = ExactNeighbours.of(corpus, size, EXACT_QUESTIONS, LIMIT);
        int found = 0;
        int total = 0;
        for (int number = 0; number < EXACT_QUESTIONS; number++) {
            EvaluationSet.Question question = corpus.questions().get(number);
            MemoryFilter filter = new MemoryFilter(MemoryCorpus.TENANT,
                    Set.of(MemoryOwner.user(question.userId()), MemoryCorpus.AGENT, MemoryOwner.tenant()), null);
            Set<String> approximate = new java.util.HashSet<>();
            index.search(question.text(), corpus.questionVector(number), filter, LIMIT, SearchMode.VECTOR)
                    .forEach(hit -> approximate.add(hit.id()));
            for (String id : exact.get(number)) {
                found += approximate.contains(id) ? 1 : 0;
                total++;
            }
        }
        return Math.round(found * 1000.0 / total) / 1000.0;
    }

    private static void latencies(ObjectNode line, String name, Histogram histogram) {
        line.put(name + "_p50_ms", round(histogram.getValueAtPercentile(50) / 1000.0));
        line.put(name + "_p99_ms", round(histogram.getValueAtPercentile(99) / 1000.0));
        line.put(name + "_max_ms", round(histogram.getMaxValue() / 1000.0));
    }

    private static long usedHeap() {
        for (int round = 0; round < 3; round++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long folderBytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            long bytes = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(file);
            }
            return bytes;
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
