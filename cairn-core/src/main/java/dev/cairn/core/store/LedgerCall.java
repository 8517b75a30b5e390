package dev.cairn.core.store;

import java.util.Objects;

/**
 * What one ledger entry records of a call: who made it, where it went, what decided it and what
 * it came to. Text fields are never null (empty when they do not apply).
 *
 * @param kind          {@link #MODEL_CALL} or {@link #TOOL_CALL}
 * @param purpose       the model call's purpose ({@code answer}, {@code summary}, {@code extraction}); empty for tools
 * @param tool          the tool's name for a {@code tool_call}; empty for a model call
 * @param policyVersion the model policy version that admitted the call (0 for none, and for tool calls)
 * @param costMicros    the call's cost in millionths of the price table's currency
 * @param outcome       {@code ok}, or the failure's type
 */
public record LedgerCall(String kind, String tenantId, String agent, int agentVersion, String sessionId, String runId,
                         String userId, String classification, int step, String purpose, String route, String provider,
                         String model, String tool, String region, String endpointHost, long policyVersion,
                         String policyRule, long tokensIn, long tokensOut, long costMicros, long latencyMillis,
                         String outcome) {

    public static final String MODEL_CALL = "model_call";
    public static final String TOOL_CALL = "tool_call";

    public LedgerCall {
        if (!MODEL_CALL.equals(kind) && !TOOL_CALL.equals(kind)) {
            throw new IllegalArgumentException("ledger kind must be model_call or tool_call, got " + kind);
        }
        Objects.requireNonNull(tenantId, "tenantId");
        agent = text(agent);
        sessionId = text(sessionId);
        runId = text(runId);
        userId = text(userId);
        classification = text(classification);
        purpose = text(purpose);
        route = text(route);
        provider = text(provider);
        model = text(model);
        tool = text(tool);
        region = text(region);
        endpointHost = text(endpointHost);
        policyRule = text(policyRule);
        outcome = text(outcome);
        if (tokensIn < 0 || tokensOut < 0 || costMicros < 0 || latencyMillis < 0) {
            throw new IllegalArgumentException("ledger tokens, cost and latency cannot be negative: " + tokensIn + ", "
                    + tokensOut + ", " + costMicros + ", " + latencyMillis);
        }
    }

    public long totalTokens() {
        return tokensIn + tokensOut;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
