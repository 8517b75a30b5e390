package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.core.store.LedgerQuery;
import dev.cairn.core.store.LedgerStore;
import dev.cairn.core.store.Role;
import dev.cairn.core.store.UsageRow;
import dev.cairn.server.auth.ForbiddenException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code /v1/ledger} and {@code /v1/usage}: the ledger's entries a page at a time, and what they
 * add up to by tenant, agent, model and day. An operator sees the entries of their own tenant; an
 * admin those of every tenant, or of the one {@code tenant_id} names.
 */
final class LedgerEndpoints {

    private static final int MAX_PAGE = 1_000;

    private final LedgerStore ledger;

    LedgerEndpoints(LedgerStore ledger) {
        this.ledger = ledger;
    }

    void register(ApiRouter router) {
        router.get("/v1/ledger", Role.OPERATOR, this::page)
                .get("/v1/usage", Role.OPERATOR, this::usage);
    }

    private void page(Call call) {
        int limit = (int) call.queryLong("limit", 100, 1, MAX_PAGE);
        LedgerQuery query = query(call, call.queryLong("after", 0, 0, Long.MAX_VALUE), limit);
        List<LedgerEntry> entries = ledger.page(query);
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("entries");
        entries.forEach(entry -> list.add(entry(entry)));
        if (entries.size() == limit) {
            answer.put("next_after", entries.getLast().seq());
        } else {
            answer.putNull("next_after");
        }
        call.reply(200, answer);
    }

    private void usage(Call call) {
        ObjectNode answer = Json.object();
        ArrayNode rows = answer.putArray("usage");
        for (UsageRow row : ledger.usage(query(call, 0, 1))) {
            rows.addObject().put("tenant_id", row.tenantId()).put("agent", row.agent()).put("model", row.model())
                    .put("day", row.day().toString()).put("calls", row.calls()).put("tokens_in", row.tokensIn())
                    .put("tokens_out", row.tokensOut()).put("cost_micros", row.costMicros());
        }
        call.reply(200, answer);
    }

    private static LedgerQuery query(Call call, long after, int limit) {
        Instant from = time(call, "from", false);
        Instant to = time(call, "to", true);
        try {
            return new LedgerQuery(tenant(call), text(call, "agent"), text(call, "session_id"), text(call, "run_id"), from, to,
                    after, limit);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
    }

    /** The caller's tenant; an admin's choice of tenant, or every tenant when an admin names none. */
    private static String tenant(Call call) {
        String asked = text(call, "tenant_id");
        if (call.principal().role() == Role.ADMIN) {
            return asked;
        }
        if (asked != null && !asked.equals(call.tenantId())) {
            throw new ForbiddenException("the ledger of tenant '" + asked + "' needs an admin key");
        }
        return call.tenantId();
    }

    private static String text(Call call, String name) {
        return call.query(name).filter(text -> !text.isBlank()).orElse(null);
    }

    /** An instant ({@code 2025-03-01T09:00:00Z}) or a UTC day ({@code 2025-03-01}: its start, or for {@code to} its end). */
    private static Instant time(Call call, String name, boolean endOfDay) {
        String text = text(call, name);
        if (text == null) {
            return null;
        }
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw HttpProblem.badRequest("query parameter '" + name + "' must be an instant like 2025-03-01T09:00:00Z or a"
                    + " day like 2025-03-01, got '" + text + "'");
        }
    }

    private static ObjectNode entry(LedgerEntry entry) {
        LedgerCall call = entry.call();
        ObjectNode node = Json.object().put("seq", entry.seq()).put("time", Wire.time(entry.time())).put("kind", call.kind())
                .put("tenant_id", call.tenantId()).put("agent", call.agent()).put("agent_version", call.agentVersion())
                .put("session_id", call.sessionId()).put("run_id", call.runId()).put("user_id", call.userId())
                .put("classification", call.classification()).put("step", call.step()).put("purpose", call.purpose())
                .put("route", call.route()).put("provider", call.provider()).put("model", call.model()).put("tool", call.tool())
                .put("region", call.region()).put("endpoint_host", call.endpointHost())
                .put("policy_version", call.policyVersion()).put("policy_rule", call.policyRule())
                .put("tokens_in", call.tokensIn()).put("tokens_out", call.tokensOut()).put("cost_micros", call.costMicros())
                .put("latency_ms", call.latencyMillis()).put("outcome", call.outcome());
        return node.put("prev_hash", entry.prevHash()).put("hash", entry.hash());
    }
}
