package dev.cairn.core.runtime;

import dev.cairn.core.run.RunView;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.store.SessionRecord;
import java.util.List;
import java.util.Map;

/**
 * A consistent copy of a session's derived state, taken at {@code lastSeq}.
 *
 * @param session      the index row (tenant, agent version, user)
 * @param lastSeq      the last event included
 * @param transcript   the conversation
 * @param memoryBlocks current memory blocks, label to text
 * @param runs         every run, in queue order
 */
public record SessionState(SessionRecord session, long lastSeq, List<SessionView.TranscriptEntry> transcript,
                           Map<String, String> memoryBlocks, List<RunView> runs) {
    public SessionState {
        transcript = List.copyOf(transcript);
        memoryBlocks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(memoryBlocks));
        runs = List.copyOf(runs);
    }
}
