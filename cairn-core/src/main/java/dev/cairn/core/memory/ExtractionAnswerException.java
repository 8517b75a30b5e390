package dev.cairn.core.memory;

/** A model's answer to an extraction request that cannot be used; the job retries. */
public final class ExtractionAnswerException extends RuntimeException {

    public ExtractionAnswerException(String message) {
        super(message);
    }
}
