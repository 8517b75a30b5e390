package dev.cairn.store.jdbc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.JobRecord;
import java.sql.SQLException;

/**
 * Queues the jobs that events ask for, inside the transaction that appends them: a
 * {@code memory.extraction_queued} event queues a {@code memory.extract} job for its run. Appending
 * the same job's event twice queues it once. Other events leave the queue alone.
 */
public final class JobQueueUpdates {

    /** The kind of the job that extracts long-term memories from a run's conversation. */
    static final String MEMORY_EXTRACT = "memory.extract";

    private JobQueueUpdates() {
    }

    /** Queues the job {@code event} asks for, if any, for tenant {@code tenantId}. */
    public static void follow(SqlTransaction transaction, String tenantId, Event event) throws SQLException {
        if (event.payload() instanceof EventPayload.MemoryExtractionQueued queued) {
            ObjectNode payload = Json.object().put("seq", event.seq());
            ArrayNode extract = payload.putArray("extract");
            queued.extract().forEach(extract::add);
            JobRows.insert(transaction, JobRecord.queued(queued.jobId(), tenantId, MEMORY_EXTRACT, event.sessionId(),
                    event.runId(), payload, event.createdAt()));
        }
    }
}
