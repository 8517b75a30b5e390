package dev.cairn.bench.jmh;

import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.PolicyDecision;
import dev.cairn.core.gateway.policy.PolicyDocuments;
import dev.cairn.core.gateway.policy.StoredModelPolicy;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the model-call policy costs each model call: a decision by the version in force (50 rules,
 * the cached version checked against the store every 500 ms), a decision by a past version (as
 * verification makes them), and the cheap version check itself (one SQLite read).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ModelPolicyBenchmark {

    private static final int RULES = 50;
    private static final CallSubject SUBJECT = new CallSubject("tenant_49", "support-triage", 3, "ses_1", "run_1",
            "user_7", "confidential", 4, ChatRequest.Purpose.ANSWER);
    private static final CallTarget TARGET = new CallTarget("default", "azure-eu", "gpt-4o", "westeurope", "");

    private Path folder;
    private SqliteStore store;
    private StoredModelPolicy policy;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        folder = Files.createTempDirectory("cairn-policy-bench");
        store = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC());
        policy = StoredModelPolicy.create(store.policies(), Set.of("openai", "azure-eu"), Clock.systemUTC(),
                StoredModelPolicy.DEFAULT_REFRESH);
        StringBuilder rules = new StringBuilder("rules:\n");
        for (int i = 0; i < RULES - 2; i++) {
            rules.append("  - {name: tenant-").append(i).append(", match: {tenant: tenant_").append(i)
                    .append(", model: [\"gpt-3*\", \"o?-mini\"]}, effect: deny}\n");
        }
        rules.append("  - {name: eu-only, match: {model: \"gpt-*\", classification: [confidential, restricted]},"
                + " require_provider: [azure-eu]}\n");
        rules.append("  - {name: eu-region, match: {classification: confidential}, require_region: [westeurope]}\n");
        policy.put(Json.yaml().readTree(rules.toString()), "bench");
        policy.put(Json.yaml().readTree("default: deny"), "bench");
        policy.install(PolicyDocuments.parseStored(store.policies().version(1).orElseThrow().document()), "bench");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public PolicyDecision decideInForce() {
        return policy.decide(SUBJECT, TARGET);
    }

    @Benchmark
    public PolicyDecision decideAtPastVersion() {
        return policy.decideAt(1, SUBJECT, TARGET);
    }

    @Benchmark
    public long latestVersionCheck() {
        return store.policies().latestVersion();
    }
}
