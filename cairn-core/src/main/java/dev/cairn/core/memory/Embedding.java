package dev.cairn.core.memory;

import java.util.Arrays;
import java.util.Objects;

/**
 * A text's vector and the model that made it. Vectors of different models are never compared:
 * an item embedded by another model is embedded again before it is indexed.
 *
 * @param model  the embedder's {@link Embedder#model() name}
 * @param vector the vector; not copied, so do not change it afterwards
 */
public record Embedding(String model, float[] vector) {

    public Embedding {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(vector, "vector");
        if (model.isBlank() || vector.length == 0) {
            throw new IllegalArgumentException("an embedding needs a model name and at least one dimension");
        }
    }

    /** {@code text} embedded by {@code embedder}. */
    public static Embedding of(Embedder embedder, String text) {
        return new Embedding(embedder.model(), embedder.embed(text));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Embedding that && model.equals(that.model) && Arrays.equals(vector, that.vector);
    }

    @Override
    public int hashCode() {
        return 31 * model.hashCode() + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "Embedding[" + model + ", " + vector.length + " dimensions]";
    }
}
