package dev.cairn.core.memory;

/**
 * One search result.
 *
 * @param id         the item's id
 * @param score      the fused score, higher is better (for one ranking alone, that ranking's score)
 * @param textRank   1-based rank among the word matches (in a fused search, those that counted),
 *                   0 when the words did not match it
 * @param vectorRank 1-based rank among the nearest vectors, 0 when it was not among them
 */
public record MemoryHit(String id, double score, int textRank, int vectorRank) {
}
