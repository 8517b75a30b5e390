package dev.cairn.bench;

import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.testing.memory.EvaluationSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A large memory corpus for benchmarks, made deterministically from a seed. Its texts are real
 * sentences from the evaluation set's generator (one block of 1,000 people at a time, each block
 * with its own seed), owned 90% by those people, 5% by an agent and 5% by the whole tenant.
 *
 * <p>Embedding a million texts takes hours here, so only the first {@code sampleSize} texts are
 * embedded by the real model; every other text gets the real vector of a random sampled text of
 * the same kind of fact, perturbed by Gaussian noise (sigma {@value #NOISE} per dimension, which
 * leaves a cosine of about 0.86 to the original) and renormalized. Vectors are thus clustered by
 * meaning as real ones are, without being copies. Questions are real: embedded by the model.
 */
final class MemoryCorpus {

    static final String TENANT = "bench";
    static final MemoryOwner AGENT = MemoryOwner.agent("support");
    static final double NOISE = 0.03;
    private static final int PEOPLE_PER_BLOCK = 1_000;

    private final long seed;
    private final Map<String, List<float[]>> sampleByKind = new HashMap<>();
    private final List<float[]> sampleVectors = new ArrayList<>();
    private final List<EvaluationSet.Question> questions = new ArrayList<>();
    private final List<float[]> questionVectors;
    private final int sampleSize;

    private MemoryCorpus(long seed, int sampleSize, List<float[]> questionVectors) {
        this.seed = seed;
        this.sampleSize = sampleSize;
        this.questionVectors = questionVectors;
    }

    /** Embeds the first {@code sampleSize} texts and {@code questionCount} questions with {@code embedder}. */
    static MemoryCorpus create(long seed, int sampleSize, int questionCount, Embedder embedder) {
        List<EvaluationSet.Memory> sample = new ArrayList<>();
        List<EvaluationSet.Question> questions = new ArrayList<>();
        for (int number = 0; sample.size() < sampleSize || questions.size() < questionCount; number++) {
            EvaluationSet set = block(seed, number);
            set.memories().stream().limit(sampleSize - sample.size()).forEach(sample::add);
            for (EvaluationSet.Question question : set.questions()) {
                if (questions.size() < questionCount) {
                    questions.add(blockQuestion(number, question));
                }
            }
        }
        MemoryCorpus corpus = new MemoryCorpus(seed, sampleSize,
                embedder.embedAll(questions.stream().map(EvaluationSet.Question::text).toList()));
        corpus.questions.addAll(questions);
        List<float[]> vectors = embedder.embedAll(sample.stream().map(EvaluationSet.Memory::text).toList());
        corpus.sampleVectors.addAll(vectors);
        for (int index = 0; index < sample.size(); index++) {
            corpus.sampleByKind.computeIfAbsent(sample.get(index).kind(), kind -> new ArrayList<>()).add(vectors.get(index));
        }
        return corpus;
    }

    private static EvaluationSet block(long seed, int number) {
        return EvaluationSet.generate(seed * 1_000_003L + number, PEOPLE_PER_BLOCK, PEOPLE_PER_BLOCK);
    }

    private static EvaluationSet.Question blockQuestion(int number, EvaluationSet.Question question) {
        return new EvaluationSet.Question(person(number, question.userId()), question.text(),
                number + "-" + question.answerId(), question.namesEntity());
    }

    private static String person(int blockNumber, String userId) {
        return blockNumber + "-" + userId;
    }

    List<EvaluationSet.Question> questions() {
        return questions;
    }

    float[] questionVector(int index) {
        return questionVectors.get(index);
    }

    /** A new reader of the items from the first on, independent of any other. */
    Items items() {
        return new Items();
    }

    /** Reads the corpus's items in order, from the first on. Not thread-safe. */
    final class Items {

        private EvaluationSet block;
        private int blockNumber = -1;
        private int blockStart;
        private int next;

        private Items() {
        }

        /** The next {@code count} items. */
        List<IndexedMemory> next(int count) {
            List<IndexedMemory> items = new ArrayList<>(count);
            for (int index = 0; index < count; index++) {
                items.add(item(next++));
            }
            return items;
        }

        private IndexedMemory item(int number) {
            while (block == null || number >= blockStart + block.memories().size()) {
                blockStart = block == null ? 0 : blockStart + block.memories().size();
                blockNumber++;
                block = block(seed, blockNumber);
            }
            EvaluationSet.Memory memory = block.memories().get(number - blockStart);
            SplittableRandom random = new SplittableRandom(seed ^ (number * 0x9E3779B97F4A7C15L));
            double share = random.nextDouble();
            MemoryOwner owner = share < 0.05 ? AGENT : share < 0.10 ? MemoryOwner.tenant()
                    : MemoryOwner.user(person(blockNumber, memory.userId()));
            return new IndexedMemory(blockNumber + "-" + memory.id(), TENANT, owner, "", memory.text(),
                    vector(number, memory, random));
        }
    }

    private float[] vector(int number, EvaluationSet.Memory memory, SplittableRandom random) {
        if (number < sampleSize) {
            return sampleVectors.get(number).clone();
        }
        List<float[]> sameKind = sampleByKind.get(memory.kind());
        if (sameKind == null) {
            throw new IllegalStateException("no sampled text of kind " + memory.kind() + "; sample more texts");
        }
        float[] base = sameKind.get(random.nextInt(sameKind.size()));
        float[] vector = new float[base.length];
        double squares = 0;
        for (int index = 0; index < vector.length; index++) {
            vector[index] = (float) (base[index] + NOISE * random.nextGaussian());
            squares += (double) vector[index] * vector[index];
        }
        float scale = (float) (1 / Math.sqrt(squares));
        for (int index = 0; index < vector.length; index++) {
            vector[index] *= scale;
        }
        return vector;
    }
}
