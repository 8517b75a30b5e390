package dev.cairn.bench.jmh;

import dev.cairn.core.secret.Secrets;
import dev.cairn.core.secret.SecretsKey;
import dev.cairn.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
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
 * What a secret costs a tool call: resolving one (a read of its sealed row from a real SQLite
 * file among 1000 secrets of the tenant, and opening it with AES-256-GCM), and what writing one
 * costs (sealing it and a durable write).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SecretsBenchmark {

    private static final String TENANT = "tenant_a";
    private static final int SECRETS = 1000;

    private Path folder;
    private SqliteStore store;
    private Secrets secrets;
    private int next;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        folder = Files.createTempDirectory("cairn-secrets-bench");
        store = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC());
        byte[] key = new byte[SecretsKey.BYTES];
        new SecureRandom().nextBytes(key);
        secrets = Secrets.create(store.secrets(), SecretsKey.of(key), new SecureRandom(), Clock.systemUTC());
        for (int i = 0; i < SECRETS; i++) {
            secrets.put(TENANT, "secret_" + i, "tok_live_" + Integer.toHexString(i * 7919) + "_0123456789abcdef");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public String resolve() {
        next = (next + 1) % SECRETS;
        return secrets.resolve(TENANT, "secret_" + next);
    }

    @Benchmark
    public Secrets.Written write() {
        next = (next + 1) % SECRETS;
        return secrets.put(TENANT, "secret_" + next, "tok_live_rotated_0123456789abcdef");
    }
}
