package dev.cairn.bench.jmh;

import dev.cairn.tools.code.CodeResult;
import dev.cairn.tools.code.CodeSandbox;
import dev.cairn.tools.code.Language;
import dev.cairn.tools.code.SandboxSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code code_run} of {@code python3 -c pass}, from the call to the program's exit: in the
 * bubblewrap sandbox (namespaces, mounts, the drop to the slot's user, rlimits), and, for the
 * sandbox's share, the same program with only the rlimits. Sampled, for the median and the tail.
 * Needs bubblewrap and python3 on the machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class CodeSandboxBenchmark {

    private CodeSandbox sandboxed;
    private CodeSandbox unsandboxed;
    private Path workspace;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        sandboxed = CodeSandbox.open(SandboxSettings.DEFAULTS);
        if (!sandboxed.status().ready()) {
            throw new IllegalStateException(sandboxed.status().detail());
        }
        unsandboxed = CodeSandbox.open(SandboxSettings.DEFAULTS.withMode(SandboxSettings.Mode.UNSANDBOXED));
        workspace = Files.createTempDirectory("cairn-code-bench");
    }

    @Benchmark
    public CodeResult pythonPassInBubblewrap() throws InterruptedException {
        return check(sandboxed.run(workspace, Language.PYTHON3, "pass"));
    }

    @Benchmark
    public CodeResult pythonPassWithLimitsOnly() throws InterruptedException {
        return check(unsandboxed.run(workspace, Language.PYTHON3, "pass"));
    }

    private static CodeResult check(CodeResult result) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("python3 -c pass failed: " + result.stderr());
        }
        return result;
    }
}
