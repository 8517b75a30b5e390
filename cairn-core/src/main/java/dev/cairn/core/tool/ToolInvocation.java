package dev.cairn.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.MemorySpec;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a tool, with everything the tool may use.
 *
 * @param tenantId       the tenant the session belongs to
 * @param sessionId      the session
 * @param runId          the run
 * @param callId         the model's id for the call
 * @param idempotencyKey a key derived from session, run and call: the same call always gets the same key
 * @param arguments      the parsed arguments (an object)
 * @param memoryBlocks   the session's memory blocks as they are before the call
 * @param memoryLimits   the character limit of each block whose limit is not
 *                       {@link MemorySpec#DEFAULT_BLOCK_LIMIT}
 * @param agent          the name of the session's agent
 * @param userId         the session's user, or null when it has none
 * @param callSeq        the sequence number of the call's {@code tool.requested} event in the session's log
 *                       (0 when the call is not in a log)
 */
public record ToolInvocation(String tenantId, String sessionId, String runId, String callId, String idempotencyKey,
                             JsonNode arguments, Map<String, String> memoryBlocks, Map<String, Integer> memoryLimits,
                             String agent, String userId, long callSeq) {

    public ToolInvocation {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(arguments, "arguments");
        memoryBlocks = memoryBlocks == null ? Map.of() : Map.copyOf(memoryBlocks);
        memoryLimits = memoryLimits == null ? Map.of() : Map.copyOf(memoryLimits);
    }

    /** The character limit of the memory block {@code label}. */
    public int memoryLimit(String label) {
        return memoryLimits.getOrDefault(label, MemorySpec.DEFAULT_BLOCK_LIMIT);
    }

    /** A call outside any agent's log (no agent, user or event behind it), its blocks at the default limit. */
    public ToolInvocation(String tenantId, String sessionId, String runId, String callId, String idempotencyKey,
                          JsonNode arguments, Map<String, String> memoryBlocks) {
        this(tenantId, sessionId, runId, callId, idempotencyKey, arguments, memoryBlocks, Map.of());
    }

    /** A call outside any agent's log, with these block limits. */
    public ToolInvocation(String tenantId, String sessionId, String runId, String callId, String idempotencyKey,
                          JsonNode arguments, Map<String, String> memoryBlocks, Map<String, Integer> memoryLimits) {
        this(tenantId, sessionId, runId, callId, idempotencyKey, arguments, memoryBlocks, memoryLimits, null, null, 0);
    }

    /** The text argument {@code name}, or fails with a message the model can act on. */
    public String requireText(String name) {
        JsonNode node = arguments.get(name);
        if (node == null || !node.isTextual()) {
            throw new ToolInputException("argument '" + name + "' is required and must be a string");
        }
        return node.asText();
    }

    /** The whole-number argument {@code name} from {@code min} to {@code max}, or {@code fallback} when absent. */
    public int wholeNumber(String name, int fallback, int min, int max) {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw new ToolInputException("argument '" + name + "' must be a whole number from " + min + " to " + max
                    + ", got " + node);
        }
        return node.asInt();
    }

    /** The text argument {@code name}, or {@code fallback} when absent. */
    public String text(String name, String fallback) {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new ToolInputException("argument '" + name + "' must be a string");
        }
        return node.asText();
    }
}
