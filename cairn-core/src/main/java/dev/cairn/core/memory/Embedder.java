package dev.cairn.core.memory;

import java.util.List;

/**
 * Turns text into a unit-length vector whose dot product with another measures how alike their
 * meanings are. The default runs all-MiniLM-L6-v2 in-process; a provider's embedding API can
 * take its place. Implementations are thread-safe.
 */
public interface Embedder {

    /** The model's name, stored with each vector so vectors of different models are never mixed. */
    String model();

    /** The length of every vector this embedder returns. */
    int dimensions();

    /** The vector of {@code text}, normalized to length 1. */
    float[] embed(String text);

    /** The vectors of {@code texts}, in order; faster than one call per text where the model batches. */
    default List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }
}
