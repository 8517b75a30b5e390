package dev.cairn.core.store;

import java.time.Instant;

/**
 * Which ledger entries to read: every filter that is null (or empty) matches all.
 *
 * @param afterSeq entries after this sequence number (0: from the first)
 * @param from     entries at or after this time
 * @param to       entries before this time
 * @param limit    at most this many entries (a page)
 */
public record LedgerQuery(String tenantId, String agent, String sessionId, String runId, Instant from, Instant to,
                          long afterSeq, int limit) {

    public LedgerQuery {
        tenantId = blankAsNull(tenantId);
        agent = blankAsNull(agent);
        sessionId = blankAsNull(sessionId);
        runId = blankAsNull(runId);
        if (afterSeq < 0) {
            throw new IllegalArgumentException("after must not be negative, got " + afterSeq);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }

    /** Every entry of every tenant, {@code limit} at a time. */
    public static LedgerQuery all(int limit) {
        return new LedgerQuery(null, null, null, null, null, null, 0, limit);
    }

    public LedgerQuery after(long seq) {
        return new LedgerQuery(tenantId, agent, sessionId, runId, from, to, seq, limit);
    }

    private static String blankAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
