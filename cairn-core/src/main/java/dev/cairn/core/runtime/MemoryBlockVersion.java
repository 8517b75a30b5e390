package dev.cairn.core.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a memory block: the text it had from event {@code seq} on.
 *
 * @param seq          the event that made this version: a {@code memory.written}, or
 *                     {@code session.created} for the initial text of a block the agent declares
 * @param value        the block's whole text in this version
 * @param operation    {@code initial}, {@code append}, {@code replace}, {@code set} or {@code restore}
 * @param source       {@code definition} (the initial text), {@code agent} or {@code api}
 * @param createdAt    when the event was stored
 * @param restoredFrom for {@code restore}, the version whose text was restored; else null
 */
public record MemoryBlockVersion(long seq, String value, String operation, String source, Instant createdAt,
                                 Long restoredFrom) {

    /** The operation and source of a declared block's initial text. */
    public static final String INITIAL = "initial";
    public static final String DEFINITION = "definition";

    public MemoryBlockVersion {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
