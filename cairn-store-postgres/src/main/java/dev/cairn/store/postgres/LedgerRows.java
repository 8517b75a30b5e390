package dev.cairn.store.postgres;

import dev.cairn.core.store.BudgetAmount;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.core.store.LedgerQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code ledger} table's columns, rows and filters (the same columns as the SQLite store's). */
final class LedgerRows {

    static final String COLUMNS = """
            seq, time, kind, tenant_id, agent, agent_version, session_id, run_id, user_id, classification, step, purpose,
            route, provider, model, tool, region, endpoint_host, policy_version, policy_rule, tokens_in, tokens_out,
            cost_micros, latency_ms, outcome, prev_hash, hash""";
    static final String INSERT = "INSERT INTO ledger (" + COLUMNS + ") VALUES ("
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String HEAD = "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1";

    /** The WHERE clause of a query and its parameters. */
    record Filter(String where, List<Object> parameters) {
    }

    private LedgerRows() {
    }

    static Object[] values(LedgerEntry entry) {
        LedgerCall call = entry.call();
        return new Object[] {entry.seq(), entry.time().toEpochMilli(), call.kind(), call.tenantId(), call.agent(),
                call.agentVersion(), call.sessionId(), call.runId(), call.userId(), call.classification(), call.step(),
                call.purpose(), call.route(), call.provider(), call.model(), call.tool(), call.region(), call.endpointHost(),
                call.policyVersion(), call.policyRule(), call.tokensIn(), call.tokensOut(), call.costMicros(),
                call.latencyMillis(), call.outcome(), entry.prevHash(), entry.hash()};
    }

    /**
     * Decodes a row selected with {@link #COLUMNS}, by position. A row whose values no entry can
     * have (edited behind the store's back) fails naming its sequence number.
     */
    static LedgerEntry decode(ResultSet row) throws SQLException {
        long seq = row.getLong(1);
        try {
            LedgerCall call = new LedgerCall(row.getString(3), row.getString(4), row.getString(5), row.getInt(6),
                    row.getString(7), row.getString(8), row.getString(9), row.getString(10), row.getInt(11),
                    row.getString(12), row.getString(13), row.getString(14), row.getString(15), row.getString(16),
                    row.getString(17), row.getString(18), row.getLong(19), row.getString(20), row.getLong(21),
                    row.getLong(22), row.getLong(23), row.getLong(24), row.getString(25));
            return new LedgerEntry(seq, Instant.ofEpochMilli(row.getLong(2)), call, row.getString(26), row.getString(27));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SQLException("ledger entry " + seq + " holds a value no entry can have: " + e.getMessage(), e);
        }
    }

    /** Decodes a (tokens, cost) pair of columns. */
    static BudgetAmount amount(ResultSet row) throws SQLException {
        return new BudgetAmount(row.getLong(1), row.getLong(2));
    }

    /** The filters of {@code query}, its {@code afterSeq} included. */
    static Filter filter(LedgerQuery query) {
        List<String> terms = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        add(terms, parameters, "tenant_id = ?", query.tenantId());
        add(terms, parameters, "agent = ?", query.agent());
        add(terms, parameters, "session_id = ?", query.sessionId());
        add(terms, parameters, "run_id = ?", query.runId());
        add(terms, parameters, "time >= ?", query.from() == null ? null : query.from().toEpochMilli());
        add(terms, parameters, "time < ?", query.to() == null ? null : query.to().toEpochMilli());
        add(terms, parameters, "seq > ?", query.afterSeq() == 0 ? null : query.afterSeq());
        return new Filter(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), parameters);
    }

    private static void add(List<String> terms, List<Object> parameters, String term, Object value) {
        if (value != null) {
            terms.add(term);
            parameters.add(value);
        }
    }
}
