package dev.cairn.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * One entry of an agent's {@code tools} list, as written. Exactly one of {@code builtin}, a
 * declared kind's key ({@code http}, {@code mcp}, ... as the server offers them) and
 * {@code client: true} says what kind of tool it is.
 *
 * @param builtin          name of a built-in tool ({@code memory}, {@code workspace}, ...)
 * @param name             the tool's name for declared tools
 * @param description      what the model is told the tool does
 * @param policy           {@code allow} (default), {@code require_approval} or {@code deny}; null when
 *                         unsaid or written as a map of conditions (those are in {@code rules})
 * @param idempotent       whether repeating a call is harmless (declared tools; null when unsaid)
 * @param kind             the key of a declared kind ({@code http}, {@code mcp}, ...), null otherwise
 * @param declaration      the value written under that key, null when {@code kind} is
 * @param inputSchema      the JSON Schema of a declared tool's input
 * @param client           true for a client tool: the model may call it, the caller executes it
 * @param approvalTimeout  how long a request for approval waits before it counts as denied
 *                         ({@code 30m}, {@code 24h}); null: {@link #DEFAULT_APPROVAL_TIMEOUT}
 * @param onUnknownOutcome what happens when a call that is not idempotent started and its
 *                         outcome was lost: {@code tell_model} (default) or {@code ask} a person
 * @param rules            conditional policy rules ({@code rules:}, or {@code policy:} written as a map)
 * @param timeout          how long one call may run ({@code 30s}); null: the default
 * @param rateLimit        how many calls an agent may make in a window ({@code 10/m}); null: no limit
 * @param maxOutput        the largest output kept ({@code 64KiB}); null: the default
 */
public record ToolEntry(String builtin, String name, String description, String policy, Boolean idempotent,
                        String kind, JsonNode declaration, JsonNode inputSchema, Boolean client, String approvalTimeout,
                        String onUnknownOutcome, java.util.List<ToolRule> rules, String timeout, String rateLimit,
                        String maxOutput) {

    public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(24);

    public ToolEntry {
        rules = rules == null ? java.util.List.of() : java.util.List.copyOf(rules);
    }

    /** An entry without conditional rules or call limits. */
    public ToolEntry(String builtin, String name, String description, String policy, Boolean idempotent,
                     String kind, JsonNode declaration, JsonNode inputSchema, Boolean client, String approvalTimeout,
                     String onUnknownOutcome) {
        this(builtin, name, description, policy, idempotent, kind, declaration, inputSchema, client, approvalTimeout,
                onUnknownOutcome, null, null, null, null);
    }

    /** An entry without client, approval-timeout or unknown-outcome settings. */
    public ToolEntry(String builtin, String name, String description, String policy, Boolean idempotent,
                     String kind, JsonNode declaration, JsonNode inputSchema) {
        this(builtin, name, description, policy, idempotent, kind, declaration, inputSchema, null, null, null);
    }

    public static ToolEntry builtin(String builtin) {
        return new ToolEntry(builtin, null, null, null, null, null, null, null);
    }

    /** A declared tool of {@code kind} ({@code http: {...}}) with nothing else set but its name. */
    public static ToolEntry declared(String kind, String name, JsonNode declaration) {
        return new ToolEntry(null, name, null, null, null, kind, declaration, null);
    }

    /** The declaration written under {@code key}, or null when the entry is of another kind. */
    public JsonNode declaration(String key) {
        return key.equals(kind) ? declaration : null;
    }

    /** An HTTP tool's declaration, or null. */
    public JsonNode http() {
        return declaration("http");
    }

    /** An MCP server's declaration, or null. */
    public JsonNode mcp() {
        return declaration("mcp");
    }

    /** The policy as written, or {@code allow}. */
    public String policyOrDefault() {
        return policy == null ? "allow" : policy;
    }

    /** True for a client tool, which the caller executes. */
    public boolean executedByClient() {
        return Boolean.TRUE.equals(client);
    }

    /** The approval timeout as written (validated when the agent was applied), or the default. */
    public Duration approvalTimeoutOrDefault() {
        return approvalTimeout == null ? DEFAULT_APPROVAL_TIMEOUT : Durations.parse("approval_timeout", approvalTimeout);
    }

    /** True when a person decides whether to call it again after its outcome was lost. */
    public boolean asksOnUnknownOutcome() {
        return "ask".equals(onUnknownOutcome);
    }
}
