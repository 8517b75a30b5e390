package dev.cairn.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A durable background job, such as extracting long-term memories after a run.
 *
 * @param id           stable id; queueing the same id twice queues it once
 * @param tenantId     the tenant it works for
 * @param kind         what to do, e.g. {@code memory.extract}; picks the handler
 * @param sessionId    the session it came from, or null
 * @param runId        the run it came from, or null
 * @param payload      the handler's input
 * @param status       where it is
 * @param attempts     how many times it has been claimed
 * @param notBefore    pending: the earliest time it may be claimed
 * @param claimedBy    running: the worker executing it
 * @param claimedUntil running: when its claim lapses, so another worker may take it over
 * @param lastError    why its last attempt failed, or null
 * @param createdAt    when it was queued
 * @param finishedAt   when it was done or given up, or null
 */
public record JobRecord(String id, String tenantId, String kind, String sessionId, String runId, JsonNode payload,
                        JobStatus status, int attempts, Instant notBefore, String claimedBy, Instant claimedUntil,
                        String lastError, Instant createdAt, Instant finishedAt) {

    public JobRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new job, pending from {@code now}. */
    public static JobRecord queued(String id, String tenantId, String kind, String sessionId, String runId, JsonNode payload,
                                   Instant now) {
        return new JobRecord(id, tenantId, kind, sessionId, runId, payload, JobStatus.PENDING, 0, now, null, null, null,
                now, null);
    }
}
