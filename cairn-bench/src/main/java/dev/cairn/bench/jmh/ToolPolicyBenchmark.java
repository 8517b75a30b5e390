package dev.cairn.bench.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.AgentSpecs;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.EventTypes;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolCatalog;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import dev.cairn.core.tool.policy.PolicySpecs;
import dev.cairn.core.tool.policy.Refusal;
import dev.cairn.core.tool.policy.ToolGuard;
import dev.cairn.core.tool.policy.ToolPolicies;
import dev.cairn.server.http.JsonSchemas;
import dev.cairn.server.policy.JsonInputValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the tool framework adds to one tool call before the tool runs, as the loop does it: parse
 * the model's arguments, check them against the tool's JSON Schema, decide policy (the entry's
 * two conditional rules and a server-wide rule, all CEL), count the call against its rate limit,
 * and encode the events that record it ({@code tool.started}; for a refusal {@code tool.refused}
 * and {@code tool.failed}). Appending those events to the store is measured by
 * {@link SqliteAppendBenchmark}. Sampled, so the percentiles are reported.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ToolPolicyBenchmark {

    private static final String SCHEMA = """
            {"type": "object", "required": ["order", "amount"], "additionalProperties": false,
             "properties": {"order": {"type": "string", "pattern": "^o-[0-9]+$"},
                            "amount": {"type": "number", "minimum": 0},
                            "currency": {"type": "string", "enum": ["EUR", "USD", "GBP"]},
                            "reason": {"type": "string", "maxLength": 500}}}""";
    private static final String AGENT = """
            name: billing
            tools:
              - builtin: refund
                policy: {require_approval: "args.amount > 100"}
                rules: [{when: "has(args.currency) && args.currency != 'EUR'", effect: deny}]
                rate_limit: 999999/s
            """;

    private ToolGuard guard;
    private final String allowed = "{\"order\": \"o-1234\", \"amount\": 42.5, \"currency\": \"EUR\", \"reason\": \"damaged\"}";
    private final String denied = "{\"order\": \"o-1234\", \"amount\": 42.5, \"currency\": \"USD\"}";
    private final String invalid = "{\"order\": \"seven\", \"amount\": -1, \"colour\": \"red\"}";

    @Setup(Level.Trial)
    public void prepare() throws JsonProcessingException {
        Tool refund = new Tool() {
            @Override
            public ToolDefinition definition() {
                return new ToolDefinition("refund", "Refunds an order.", Json.constant(SCHEMA));
            }

            @Override
            public boolean idempotent() {
                return false;
            }

            @Override
            public ToolOutcome call(ToolInvocation invocation) {
                return ToolOutcome.success("refunded");
            }
        };
        List<String> problems = new ArrayList<>();
        var serverRules = PolicySpecs.readServerRules(Json.yaml().readTree(
                "[{tool: \"ref*\", agent: \"bill*\", effect: deny, when: \"args.amount > 100000\"}]"), problems);
        ToolCatalog catalog = ToolCatalog.of(Map.of("refund", entry -> refund))
                .withPolicies(ToolPolicies.create(serverRules, JsonInputValidator.create(), Clock.systemUTC()));
        AgentSpec spec = AgentSpecs.create(Set.of("default"), catalog, JsonSchemas.checker()).parse(AGENT, false);
        guard = catalog.resolve(spec, "acme").guard("refund").orElseThrow();
    }

    private List<String> call(String arguments) throws JsonProcessingException {
        JsonNode parsed = Json.parse(arguments);
        ToolGuard.Verdict verdict = guard.check(parsed);
        Refusal refusal = verdict.refusal();
        if (refusal == null) {
            Optional<Refusal> limited = guard.acquire();
            refusal = limited.orElse(null);
        }
        if (refusal != null) {
            return List.of(EventTypes.encode(new EventPayload.ToolRefused("c1", "refund", refusal.reason(), refusal.rule(),
                    refusal.message())), EventTypes.encode(new EventPayload.ToolFailed("c1", "refund", refusal.message(), 0)));
        }
        return List.of(EventTypes.encode(new EventPayload.ToolStarted("c1", "refund", "cairn-key")));
    }

    @Benchmark
    public List<String> allowedCall() throws JsonProcessingException {
        return call(allowed);
    }

    @Benchmark
    public List<String> deniedCall() throws JsonProcessingException {
        return call(denied);
    }

    @Benchmark
    public List<String> invalidArguments() throws JsonProcessingException {
        return call(invalid);
    }
}
