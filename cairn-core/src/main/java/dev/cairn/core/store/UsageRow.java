package dev.cairn.core.store;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What a tenant's agent spent on one model on one day (UTC): entries, tokens and cost.
 * Tool calls appear with the tool's name as {@code model} and their provider {@code tool}.
 */
public record UsageRow(String tenantId, String agent, String model, LocalDate day, long calls, long tokensIn,
                       long tokensOut, long costMicros) {
    public UsageRow {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(day, "day");
    }
}
