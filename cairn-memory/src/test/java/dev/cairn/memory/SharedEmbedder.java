package dev.cairn.memory;

/** One {@link MiniLmEmbedder} for all tests of this module's JVM: the model loads once. */
final class SharedEmbedder {

    private static final MiniLmEmbedder EMBEDDER = MiniLmEmbedder.create();

    private SharedEmbedder() {
    }

    static MiniLmEmbedder get() {
        return EMBEDDER;
    }
}
