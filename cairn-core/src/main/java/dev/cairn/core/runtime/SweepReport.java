package dev.cairn.core.runtime;

import java.util.List;
import java.util.Map;

/**
 * What one retention sweep did.
 *
 * @param archived ids of the sessions archived and removed from the store
 * @param skipped  sessions that were due but kept, with why (a message arrived meanwhile, ...)
 */
public record SweepReport(List<String> archived, Map<String, String> skipped) {
    public SweepReport {
        archived = List.copyOf(archived);
        skipped = Map.copyOf(skipped);
    }
}
