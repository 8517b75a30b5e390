package dev.cairn.core.gateway;

import dev.cairn.core.model.ChatRequest;
import java.util.Objects;

/**
 * Who makes a model call and for what: the facts policies match on and the ledger records.
 *
 * @param userId         the session's user, or an empty string
 * @param classification the session's data classification, or an empty string
 * @param step           the run's step the call belongs to (summaries and extractions use the step they serve)
 */
public record CallSubject(String tenantId, String agent, int agentVersion, String sessionId, String runId,
                          String userId, String classification, int step, ChatRequest.Purpose purpose) {

    public CallSubject {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(agent, "agent");
        sessionId = sessionId == null ? "" : sessionId;
        runId = runId == null ? "" : runId;
        userId = userId == null ? "" : userId;
        classification = classification == null ? "" : classification;
        Objects.requireNonNull(purpose, "purpose");
    }
}
