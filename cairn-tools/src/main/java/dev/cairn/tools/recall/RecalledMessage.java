package dev.cairn.tools.recall;

import java.time.Instant;
import java.util.Objects;

/**
 * One earlier message of a session that matches a search.
 *
 * @param seq     the sequence number of the event that recorded it
 * @param role    {@code user}, {@code assistant} or {@code tool}
 * @param tool    for a tool result, the tool's name; else null
 * @param error   for a tool result, whether the call failed
 * @param time    when it was recorded
 * @param excerpt the passages of its text that match best, or its beginning
 * @param score   its BM25 relevance to the query (higher is better; comparable within one search only)
 */
public record RecalledMessage(long seq, String role, String tool, boolean error, Instant time, String excerpt,
                              float score) {
    public RecalledMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(excerpt, "excerpt");
    }
}
