package dev.cairn.store.sqlite;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.store.JobRecord;
import dev.cairn.core.store.JobStatus;
import dev.cairn.core.store.JobStore;
import dev.cairn.core.store.StoreException;
import dev.cairn.store.jdbc.JobRows;
import dev.cairn.store.jdbc.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Background jobs in the {@code jobs} table. Claims, completions and retries are write tasks of
 * the group-commit writer, so each decides inside a transaction holding SQLite's write lock: two
 * workers, in this process or another, never both claim one job. Times come from the store's clock.
 */
final class SqliteJobStore implements JobStore {

    private static final String DUE = """
            SELECT id FROM jobs WHERE status = 'pending' AND not_before <= ? ORDER BY not_before LIMIT ?""";
    private static final String LAPSED = """
            SELECT id FROM jobs WHERE status = 'running' AND claimed_until <= ? ORDER BY claimed_until LIMIT ?""";
    private static final String CLAIM = """
            UPDATE jobs SET status = 'running', claimed_by = ?, claimed_until = ?, attempts = attempts + 1 WHERE id = ?""";
    private static final String FIND = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE id = ?";
    private static final String FIND_OF_TENANT = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE id = ? AND tenant_id = ?";
    private static final String COMPLETE = """
            UPDATE jobs SET status = 'done', finished_at = ?, claimed_by = NULL, claimed_until = NULL
            WHERE id = ? AND claimed_by = ? AND status = 'running'""";
    private static final String RETRY = """
            UPDATE jobs SET status = 'pending', not_before = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL
            WHERE id = ? AND claimed_by = ? AND status = 'running'""";
    private static final String FAIL = """
            UPDATE jobs SET status = 'failed', finished_at = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL
            WHERE id = ? AND claimed_by = ? AND status = 'running'""";
    private static final String LIST = "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE tenant_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?";
    private static final String LIST_STATUS = "SELECT " + JobRows.COLUMNS
            + " FROM jobs WHERE tenant_id = ? AND status = ? ORDER BY created_at DESC, rowid DESC LIMIT ?";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteJobStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public boolean enqueue(JobRecord job) {
        Objects.requireNonNull(job, "job");
        return StoreException.join(writer.submit(transaction -> JobRows.insert(transaction, job)));
    }

    @Override
    public List<JobRecord> claim(String holder, Duration claim, int max) {
        Objects.requireNonNull(holder, "holder");
        if (claim == null || claim.toMillis() < 1) {
            throw new InvalidRequestException("a job claim must last at least 1 ms, got " + claim);
        }
        if (max < 1) {
            return List.of();
        }
        return StoreException.join(writer.submit(transaction -> {
            long now = Rows.millis(transaction.now());
            List<String> ids = new ArrayList<>(transaction.list(DUE, row -> row.getString(1), now, max));
            if (ids.size() < max) {
                ids.addAll(transaction.list(LAPSED, row -> row.getString(1), now, max - ids.size()));
            }
            long until = now + claim.toMillis();
            List<JobRecord> claimed = new ArrayList<>(ids.size());
            for (String id : ids) {
                transaction.update(CLAIM, holder, until, id);
                claimed.add(transaction.first(FIND, JobRows::decode, id).orElseThrow());
            }
            return List.copyOf(claimed);
        }));
    }

    @Override
    public boolean complete(String id, String holder) {
        return StoreException.join(writer.submit(transaction ->
                transaction.update(COMPLETE, Rows.millis(transaction.now()), id, holder) == 1));
    }

    @Override
    public boolean retryLater(String id, String holder, String error, Instant notBefore) {
        Objects.requireNonNull(notBefore, "notBefore");
        return StoreException.join(writer.submit(transaction ->
                transaction.update(RETRY, Rows.millis(notBefore), error, id, holder) == 1));
    }

    @Override
    public boolean fail(String id, String holder, String error) {
        return StoreException.join(writer.submit(transaction ->
                transaction.update(FAIL, Rows.millis(transaction.now()), error, id, holder) == 1));
    }

    @Override
    public Optional<JobRecord> find(String tenantId, String id) {
        return readers.first(FIND_OF_TENANT, JobRows::decode, id, tenantId);
    }

    @Override
    public List<JobRecord> list(String tenantId, JobStatus status, int limit) {
        if (limit < 1) {
            throw new InvalidRequestException("limit must be at least 1, got " + limit);
        }
        return status == null ? readers.list(LIST, JobRows::decode, tenantId, limit)
                : readers.list(LIST_STATUS, JobRows::decode, tenantId, status.wireName(), limit);
    }
}
