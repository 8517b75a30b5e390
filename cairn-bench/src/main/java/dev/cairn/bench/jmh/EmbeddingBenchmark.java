package dev.cairn.bench.jmh;

import dev.cairn.memory.MiniLmEmbedder;
import dev.cairn.testing.memory.EvaluationSet;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Embedding memory texts with all-MiniLM-L6-v2 in-process, in texts per second: one text per
 * call, as a search embeds its query, and 64 texts per call, as a rebuild or a bulk import does;
 * and, for comparison, the same 64 texts through langchain4j's own in-process model, which runs
 * one model call per text on a thread pool. The texts are memories of the evaluation set (5 to
 * 20 words; 64 distinct ones, cycled).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class EmbeddingBenchmark {

    private static final int BATCH = 64;

    private MiniLmEmbedder embedder;
    private AllMiniLmL6V2EmbeddingModel langchain4j;
    private List<String> texts;
    private List<TextSegment> segments;
    private int next;

    @Setup(Level.Trial)
    public void loadModel() {
        embedder = MiniLmEmbedder.create();
        langchain4j = new AllMiniLmL6V2EmbeddingModel();
        texts = EvaluationSet.generate(3, 200, 500).memories().stream().map(EvaluationSet.Memory::text).limit(BATCH).toList();
        segments = texts.stream().map(TextSegment::from).toList();
    }

    @TearDown(Level.Trial)
    public void releaseModel() {
        embedder.close();
    }

    @Benchmark
    public float[] oneTextPerCall() {
        next = (next + 1) % texts.size();
        return embedder.embed(texts.get(next));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<float[]> sixtyFourTextsPerCall() {
        return embedder.embedAll(texts);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object sixtyFourTextsThroughLangchain4j() {
        return langchain4j.embedAll(segments).content();
    }
}
