package dev.cairn.core.memory;

/** How a memory search ranks: words (BM25), meaning (vectors), or both fused. */
public enum SearchMode {
    HYBRID, TEXT, VECTOR
}
