package dev.cairn.store.postgres;

import java.sql.SQLException;

/**
 * Numbers for the change sequences that retrieval indexes follow ({@code memory},
 * {@code documents}). A write reserves its numbers by updating its counter's row, and holds that
 * row's lock until it commits, so writes of one sequence commit in the order of their numbers: a
 * reader that has seen every change through {@code n} never later finds one at or below
 * {@code n}. A sequence or an identity column would not do: their numbers are handed out at
 * insert, not at commit. Writes of one sequence thus take turns; they are rare beside appends.
 */
final class ChangeCounters {

    static final String MEMORY = "memory";
    static final String DOCUMENTS = "documents";

    private static final String RESERVE = "UPDATE change_counters SET last_seq = last_seq + ? WHERE name = ? RETURNING last_seq";

    private ChangeCounters() {
    }

    /** Reserves {@code count} numbers of the counter; answers the first. */
    static long reserve(Transaction transaction, String counter, int count) throws SQLException {
        long last = transaction.first(RESERVE, row -> row.getLong(1), count, counter)
                .orElseThrow(() -> new SQLException("change counter '" + counter + "' is missing"));
        return last - count + 1;
    }
}
