package dev.cairn.core.memory;

import dev.cairn.core.CairnException;

/** The embedding model could not be loaded or failed to embed; no vector was produced. */
public final class EmbeddingException extends CairnException {

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "embedding_failed";
    }
}
