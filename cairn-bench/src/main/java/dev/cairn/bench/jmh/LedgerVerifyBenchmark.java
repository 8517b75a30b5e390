package dev.cairn.bench.jmh;

import dev.cairn.core.gateway.LedgerVerifier;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerChain;
import dev.cairn.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code cairn ledger verify}'s work over a ledger of {@code entries} model calls: read every
 * entry, recompute its hash, check its link and ask the policy about it. The ledger is written
 * once per trial straight into the SQLite file (one transaction of batched inserts, the chain
 * computed on the way); each measured iteration verifies all of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = "-Xmx2g")
public class LedgerVerifyBenchmark {

    private static final String INSERT = """
            INSERT INTO ledger (seq, time, kind, tenant_id, agent, agent_version, session_id, run_id, user_id, classification,
            step, purpose, route, provider, model, tool, region, endpoint_host, policy_version, policy_rule, tokens_in,
            tokens_out, cost_micros, latency_ms, outcome, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    @Param("1000000")
    public int entries;

    private Path directory;
    private SqliteStore store;

    @Setup(Level.Trial)
    public void prepare() throws IOException, SQLException {
        directory = Files.createTempDirectory("cairn-ledger-verify-bench");
        Path database = directory.resolve("cairn.db");
        SqliteStore.open(database, Clock.systemUTC()).close();
        writeLedger(database);
        store = SqliteStore.open(database, Clock.systemUTC());
    }

    private void writeLedger(Path database) throws SQLException {
        Instant start = Instant.parse("2025-03-01T00:00:00Z");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            connection.setAutoCommit(false);
            String previous = LedgerChain.GENESIS;
            for (long seq = 1; seq <= entries; seq++) {
                Instant time = start.plusMillis(seq * 50);
                int n = (int) (seq % 97);
                LedgerCall call = new LedgerCall(LedgerCall.MODEL_CALL, "tenant_" + (n % 5), "agent_" + (n % 11), 1,
                        "ses_" + (seq / 20), "run_" + (seq / 5), "user_" + (n % 13), "internal", (int) (seq % 5) + 1, "answer",
                        "default", "openai", "gpt-4o-mini", "", "eu", "api.openai.com", 0, "default", 300 + n, 40 + n,
                        90 + n, 200 + n, "ok");
                String hash = LedgerChain.hash(seq, time, call, previous);
                Object[] values = {seq, time.toEpochMilli(), call.kind(), call.tenantId(), call.agent(), call.agentVersion(),
                        call.sessionId(), call.runId(), call.userId(), call.classification(), call.step(), call.purpose(),
                        call.route(), call.provider(), call.model(), call.tool(), call.region(), call.endpointHost(),
                        call.policyVersion(), call.policyRule(), call.tokensIn(), call.tokensOut(), call.costMicros(),
                        call.latencyMillis(), call.outcome(), previous, hash};
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.addBatch();
                if (seq % 10_000 == 0) {
                    insert.executeBatch();
                }
                previous = hash;
            }
            insert.executeBatch();
            connection.commit();
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Reading and decoding every entry alone, to tell the store's share from the checks'. */
    @Benchmark
    public long scanOnly() {
        long[] count = new long[1];
        store.ledger().scan(0, null, null, entry -> count[0]++);
        return count[0];
    }

    @Benchmark
    public LedgerVerifier.Report verifyAll() {
        LedgerVerifier.Report report = new LedgerVerifier(store.ledger(), ModelPolicy.DEFAULT).verify(null, null);
        if (!report.intact() || report.entries() != entries) {
            throw new IllegalStateException("the generated ledger did not verify: " + report.problems().stream().limit(3).toList());
        }
        System.out.println("verified " + report.entries() + " entries at " + report.entriesPerSecond() + " entries/s");
        return report;
    }
}
