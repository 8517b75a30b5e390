/**
 * Long-term memory retrieval: {@link dev.cairn.memory.MiniLmEmbedder}, the in-process embedding
 * model, and {@link dev.cairn.memory.LuceneMemoryIndex}, the on-disk index that ranks memories by
 * words (BM25), by meaning (vectors) or by both fused. Both implement the ports of
 * {@code dev.cairn.core.memory}; the index is derived from the store and can always be rebuilt.
 */
package dev.cairn.memory;
