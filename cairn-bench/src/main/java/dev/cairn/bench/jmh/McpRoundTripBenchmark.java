package dev.cairn.bench.jmh;

import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import dev.cairn.mcp.McpToolKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * One call of an MCP tool over stdio, round trip: the echo tool of the real
 * {@code @modelcontextprotocol/server-everything} (installed in {@code cairn-mcp/src/test/npm}),
 * called through the tool the model would call, from arguments to outcome. Sampled, so JMH
 * reports p50 and p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class McpRoundTripBenchmark {

    private McpToolKind kind;
    private Tool echo;
    private ToolInvocation invocation;

    @Setup(Level.Trial)
    public void start() throws Exception {
        kind = McpToolKind.create();
        String declaration = Json.write(Map.of("name", "everything",
                "command", List.of("node", everythingServer().toString(), "stdio")));
        ToolEntry entry = new ToolEntry(null, null, null, null, null, "mcp", Json.parse(declaration), null);
        AgentSpec agent = new AgentSpec("bench", null, null, null, null, List.of(entry), null, null);
        echo = kind.tools(agent, entry).stream().filter(tool -> tool.definition().name().equals("everything__echo"))
                .findFirst().orElseThrow(() -> new IllegalStateException("the everything server offers no echo tool"));
        invocation = new ToolInvocation("t1", "s1", "r1", "c1", "k1", Json.parse("{\"message\": \"ping\"}"), Map.of());
    }

    @TearDown(Level.Trial)
    public void stop() {
        kind.close();
    }

    @Benchmark
    public ToolOutcome echoRoundTrip() throws InterruptedException {
        ToolOutcome outcome = echo.call(invocation);
        if (!(outcome instanceof ToolOutcome.Success)) {
            throw new IllegalStateException("echo failed: " + outcome);
        }
        return outcome;
    }

    private static Path everythingServer() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            Path script = folder.resolve(
                    "cairn-mcp/src/test/npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException("@modelcontextprotocol/server-everything is not installed; run "
                + "(cd cairn-mcp/src/test/npm && npm ci) in the repository and start the benchmark from there");
    }
}
