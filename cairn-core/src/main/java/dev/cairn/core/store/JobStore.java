package dev.cairn.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue of background jobs. A job is claimed by one worker at a time for a limited
 * time; a worker that dies loses its claim when the time is up and another worker takes the job
 * over, so handlers must be idempotent. Jobs are also queued by events: an event that queues a
 * job (see {@code EventPayload.MemoryExtractionQueued}) adds it in the transaction that appends
 * the event, so a job is queued exactly when its event is stored.
 *
 * <p>Every method that changes a job is on disk when it returns. Implementations are thread-safe
 * and safe to share between processes.
 */
public interface JobStore {

    /** Queues {@code job} unless a job with its id exists; true when it was queued now. */
    boolean enqueue(JobRecord job);

    /**
     * Claims up to {@code max} jobs for {@code holder} until {@code now + claim}: pending jobs that
     * are due, oldest due first, and running jobs whose claim has lapsed. Each claim counts as an
     * attempt.
     */
    List<JobRecord> claim(String holder, Duration claim, int max);

    /** Marks a job {@code holder} still holds as done; false when its claim was lost. */
    boolean complete(String id, String holder);

    /** Puts a job {@code holder} holds back in the queue, due at {@code notBefore}; false when its claim was lost. */
    boolean retryLater(String id, String holder, String error, Instant notBefore);

    /** Gives a job {@code holder} holds up for good; false when its claim was lost. */
    boolean fail(String id, String holder, String error);

    /** The job of the tenant with this id. */
    Optional<JobRecord> find(String tenantId, String id);

    /** The tenant's jobs, newest first, optionally only those in {@code status}. */
    List<JobRecord> list(String tenantId, JobStatus status, int limit);
}
