package dev.cairn.memory;

import dev.cairn.core.memory.MemoryHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion: an item's fused score is the sum, over the rankings it appears in, of
 * {@code 1 / (rankConstant + rank)}. It needs no calibration between BM25 scores and vector
 * similarities, which live on unrelated scales, and an item ranked well by both beats one ranked
 * first by only one. Ties go to the item with the better single rank, then to the smaller id, so
 * the order is deterministic.
 *
 * @param rankConstant how flat the reward for rank is; larger values weigh the lower ranks more
 */
record RankFusion(int rankConstant) {

    RankFusion {
        if (rankConstant < 1) {
            throw new IllegalArgumentException("the rank constant must be at least 1, got " + rankConstant);
        }
    }

    /** The best {@code limit} items of both rankings (ids best first), fused. */
    List<MemoryHit> fuse(List<String> textRanking, List<String> vectorRanking, int limit) {
        Map<String, int[]> ranks = new LinkedHashMap<>();
        for (int index = 0; index < textRanking.size(); index++) {
            ranks.computeIfAbsent(textRanking.get(index), id -> new int[2])[0] = index + 1;
        }
        for (int index = 0; index < vectorRanking.size(); index++) {
            ranks.computeIfAbsent(vectorRanking.get(index), id -> new int[2])[1] = index + 1;
        }
        List<MemoryHit> hits = new ArrayList<>(ranks.size());
        ranks.forEach((id, both) -> hits.add(new MemoryHit(id, score(both[0]) + score(both[1]), both[0], both[1])));
        hits.sort(Comparator.comparingDouble(MemoryHit::score).reversed()
                .thenComparingInt(RankFusion::bestRank)
                .thenComparing(MemoryHit::id));
        return List.copyOf(hits.subList(0, Math.min(limit, hits.size())));
    }

    private double score(int rank) {
        return rank == 0 ? 0 : 1.0 / (rankConstant + rank);
    }

    private static int bestRank(MemoryHit hit) {
        if (hit.textRank() == 0) {
            return hit.vectorRank();
        }
        return hit.vectorRank() == 0 ? hit.textRank() : Math.min(hit.textRank(), hit.vectorRank());
    }
}
