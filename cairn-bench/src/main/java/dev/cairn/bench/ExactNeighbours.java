package dev.cairn.bench;

import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.testing.memory.EvaluationSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The true nearest neighbours of some questions among a corpus's first items, by scanning every
 * item, for the owners a search shaped as Cairn's sees (the asker's, the agent's, the tenant's):
 * what the approximate (HNSW) search of the index is measured against.
 */
final class ExactNeighbours {

    private record Scored(String id, double score) {
    }

    private ExactNeighbours() {
    }

    /** For each of the first {@code count} questions, the ids of its {@code k} nearest items, best first. */
    static List<List<String>> of(MemoryCorpus corpus, int items, int count, int k) {
        List<EvaluationSet.Question> questions = corpus.questions().subList(0, count);
        List<PriorityQueue<Scored>> nearest = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            nearest.add(new PriorityQueue<>(Comparator.comparingDouble(Scored::score)));
        }
        MemoryCorpus.Items reader = corpus.items();
        for (int read = 0; read < items; read += 1_000) {
            for (IndexedMemory item : reader.next(Math.min(1_000, items - read))) {
                boolean shared = item.owner().equals(MemoryCorpus.AGENT) || item.owner().equals(MemoryOwner.tenant());
                for (int index = 0; index < count; index++) {
                    if (shared || item.owner().key().equals(questions.get(index).userId())) {
                        offer(nearest.get(index), new Scored(item.id(), dot(item.vector(), corpus.questionVector(index))), k);
                    }
                }
            }
        }
        List<List<String>> ids = new ArrayList<>();
        for (PriorityQueue<Scored> queue : nearest) {
            List<Scored> best = new ArrayList<>(queue);
            best.sort(Comparator.comparingDouble(Scored::score).reversed());
            ids.add(best.stream().map(Scored::id).toList());
        }
        return ids;
    }

    private static void offer(PriorityQueue<Scored> queue, Scored scored, int k) {
        if (queue.size() < k) {
            queue.add(scored);
        } else if (scored.score() > queue.peek().score()) {
            queue.poll();
            queue.add(scored);
        }
    }

    private static double dot(float[] left, float[] right) {
        double sum = 0;
        for (int index = 0; index < left.length; index++) {
            sum += left[index] * right[index];
        }
        return sum;
    }
}
