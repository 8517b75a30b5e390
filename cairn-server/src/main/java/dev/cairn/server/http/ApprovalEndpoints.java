package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.json.Json;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.store.Role;

/**
 * {@code /v1/approvals}: the approvals runs wait for, and people's decisions on them. Anyone of
 * the tenant may read them; deciding needs the operator role. An approval past its expiry is
 * answered as {@code expired} (it counts as denied) and cannot be decided any more.
 */
final class ApprovalEndpoints {

    private final AgentRuntime runtime;

    ApprovalEndpoints(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    void register(ApiRouter router) {
        router.get("/v1/approvals", Role.USER, this::list)
                .get("/v1/approvals/{id}", Role.USER,
                        call -> call.reply(200, Wire.approval(runtime.approval(call.tenantId(), call.path("id")))))
                .post("/v1/approvals/{id}", Role.OPERATOR, this::decide);
    }

    private void list(Call call) {
        int limit = (int) call.queryLong("limit", 100, 1, 1000);
        String sessionId = call.query("session_id").filter(text -> !text.isBlank()).orElse(null);
        ApprovalStatus status = call.query("status").filter(text -> !text.isBlank()).map(ApprovalEndpoints::status)
                .orElse(null);
        ObjectNode answer = Json.object();
        ArrayNode approvals = answer.putArray("approvals");
        runtime.approvals(call.tenantId(), sessionId, status, limit).forEach(approval -> approvals.add(Wire.approval(approval)));
        call.reply(200, answer);
    }

    private static ApprovalStatus status(String text) {
        try {
            return ApprovalStatus.parse(text);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("query parameter 'status' is '" + text + "', not one of " + ApprovalStatus.known());
        }
    }

    /** {@code {decision: approve|deny, reason?}}; the decision is recorded as made by the caller's key. */
    private void decide(Call call) {
        String approvalId = call.path("id");
        runtime.approval(call.tenantId(), approvalId);
        JsonFields body = call.json("decision", "reason");
        String decision = body.requiredText("decision");
        ApprovalStatus outcome = switch (decision) {
            case "approve" -> ApprovalStatus.APPROVED;
            case "deny" -> ApprovalStatus.DENIED;
            default -> throw HttpProblem.badRequest("'decision' is '" + decision + "', not one of approve, deny");
        };
        String reason = body.text("reason");
        call.reply(200, Wire.approval(runtime.decideApproval(call.tenantId(), approvalId, outcome,
                call.principal().keyId(), reason)));
    }
}
