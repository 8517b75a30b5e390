package dev.cairn.store.jdbc;

import dev.cairn.core.store.JobRecord;
import dev.cairn.core.store.JobStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** How background jobs are written to and read from the {@code jobs} table; times as epoch milliseconds. */
public final class JobRows {

    /** The columns of a job, in the order {@link #insert} binds them. */
    public static final String COLUMNS = """
            id, tenant_id, kind, session_id, run_id, payload, status, attempts, not_before, claimed_by, claimed_until,
            last_error, created_at, finished_at""";
    private static final String INSERT = "INSERT INTO jobs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO NOTHING";

    private JobRows() {
    }

    /** Queues {@code job} inside an ongoing write; answers false, changing nothing, when a job with its id exists. */
    public static boolean insert(SqlTransaction transaction, JobRecord job) throws SQLException {
        return transaction.update(INSERT, job.id(), job.tenantId(), job.kind(), job.sessionId(), job.runId(),
                Rows.jsonText(job.payload()), job.status().wireName(), job.attempts(), Rows.millis(job.notBefore()),
                job.claimedBy(), job.claimedUntil() == null ? null : Rows.millis(job.claimedUntil()), job.lastError(),
                Rows.millis(job.createdAt()), job.finishedAt() == null ? null : Rows.millis(job.finishedAt())) == 1;
    }

    /** The job in the current row, read with {@link #COLUMNS}. */
    public static JobRecord decode(ResultSet row) throws SQLException {
        long claimedUntil = row.getLong("claimed_until");
        Instant claimedUntilAt = row.wasNull() ? null : Instant.ofEpochMilli(claimedUntil);
        long finished = row.getLong("finished_at");
        Instant finishedAt = row.wasNull() ? null : Instant.ofEpochMilli(finished);
        return new JobRecord(row.getString("id"), row.getString("tenant_id"), row.getString("kind"),
                row.getString("session_id"), row.getString("run_id"), Rows.json(row, "payload"),
                JobStatus.parse(row.getString("status")), row.getInt("attempts"), Rows.instant(row, "not_before"),
                row.getString("claimed_by"), claimedUntilAt, row.getString("last_error"), Rows.instant(row, "created_at"),
                finishedAt);
    }
}
