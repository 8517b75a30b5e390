package dev.cairn.core.runtime;

import dev.cairn.core.event.Event;

/** What a session's live stream carries: stored events, and text deltas that are never stored. */
public sealed interface StreamItem {

    /** A committed event. */
    record Stored(Event event) implements StreamItem {
    }

    /** A piece of a model's answer as it is written; the stored {@code model.responded} follows. */
    record Delta(String runId, String text) implements StreamItem {
    }
}
