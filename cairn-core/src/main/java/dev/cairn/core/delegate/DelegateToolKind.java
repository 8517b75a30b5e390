package dev.cairn.core.delegate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.Durations;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Lets an agent hand work to other agents of its tenant:
 *
 * <pre>
 * tools:
 *   - delegate: {agents: [researcher, writer], max_depth: 2, max_fan_out: 4, timeout: 15m}
 * </pre>
 *
 * gives the agent the tool {@code agent_delegate} ({@code {agent, message}}; see
 * {@link DelegateTool}). {@code max_depth} bounds the chain of delegations from the first session
 * (default 2), {@code max_fan_out} the calls of {@code agent_delegate} one run may make (default 4),
 * {@code timeout} how long a call waits for the child's answer (default 15m). The call is not
 * idempotent unless the entry says {@code idempotent: true}.
 *
 * <p>Thread-safe. The runtime is looked up when a call is made, because the runtime's own
 * executor holds the catalog this kind is part of.
 */
public final class DelegateToolKind implements ToolKind {

    /** The name the model calls the tool by. */
    public static final String TOOL_NAME = "agent_delegate";
    static final int DEFAULT_MAX_DEPTH = 2;
    static final int DEFAULT_MAX_FAN_OUT = 4;
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
    private static final Set<String> KEYS = Set.of("agents", "max_depth", "max_fan_out", "timeout");
    private static final Pattern AGENT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final Supplier<AgentRuntime> runtime;
    private final Clock clock;

    private DelegateToolKind(Supplier<AgentRuntime> runtime, Clock clock) {
        this.runtime = runtime;
        this.clock = clock;
    }

    /** A kind whose calls run on the runtime {@code runtime} answers once it exists (null before). */
    public static DelegateToolKind create(Supplier<AgentRuntime> runtime, Clock clock) {
        return new DelegateToolKind(Objects.requireNonNull(runtime, "runtime"), Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public String key() {
        return "delegate";
    }

    @Override
    public List<String> problems(ToolEntry entry) {
        List<String> problems = new ArrayList<>();
        JsonNode delegate = entry.declaration(key());
        if (delegate == null || !delegate.isObject()) {
            problems.add("delegate must be an object: {agents: [NAME, ...], max_depth: N, max_fan_out: N, timeout: 15m}");
            return problems;
        }
        delegate.fieldNames().forEachRemaining(field -> {
            if (!KEYS.contains(field)) {
                problems.add("delegate." + field + " is not a known key (known: agents, max_depth, max_fan_out, timeout)");
            }
        });
        JsonNode agents = delegate.path("agents");
        if (!agents.isArray() || agents.isEmpty()) {
            problems.add("delegate.agents must list at least one agent name");
        } else {
            for (JsonNode agent : agents) {
                if (!agent.isTextual() || !AGENT_NAME.matcher(agent.asText()).matches()) {
                    problems.add("delegate.agents: " + agent + " is not an agent name");
                }
            }
        }
        wholeNumber(delegate, "max_depth", 1, 10, problems);
        wholeNumber(delegate, "max_fan_out", 1, 100, problems);
        if (delegate.has("timeout")) {
            try {
                Durations.parse("delegate.timeout", delegate.get("timeout").asText());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    private static void wholeNumber(JsonNode delegate, String key, int min, int max, List<String> problems) {
        JsonNode value = delegate.get(key);
        if (value != null && (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max)) {
            problems.add("delegate." + key + " must be a whole number from " + min + " to " + max + ", got " + value);
        }
    }

    @Override
    public Tool create(ToolEntry entry) {
        JsonNode delegate = entry.declaration(key());
        List<String> agents = new ArrayList<>();
        delegate.path("agents").forEach(agent -> agents.add(agent.asText()));
        Duration timeout = delegate.has("timeout") ? Durations.parse("delegate.timeout", delegate.get("timeout").asText())
                : DEFAULT_TIMEOUT;
        return new DelegateTool(runtime, clock, new DelegateTool.Limits(agents, delegate.path("max_depth").asInt(DEFAULT_MAX_DEPTH),
                delegate.path("max_fan_out").asInt(DEFAULT_MAX_FAN_OUT), timeout), Boolean.TRUE.equals(entry.idempotent()));
    }

    @Override
    public List<Tool> tools(AgentSpec agent, ToolEntry entry) {
        return List.of(create(entry));
    }
}
