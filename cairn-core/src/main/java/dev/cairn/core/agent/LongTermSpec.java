package dev.cairn.core.agent;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.MemoryLimits;
import dev.cairn.core.memory.MemoryScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An agent's long-term memory ({@code memory.long_term}): whose memories its tools save and search
 * ({@code scope}), in which namespace, what extraction distils from its conversations, and how much
 * is recalled into its context before each model step. Written and stored as
 * {@code {scope, namespace?, extract?, recall?: {limit, max_tokens}}}.
 *
 * @param scope     {@code agent}: one memory for all the agent's users; {@code user}: one per user
 *                  (sessions need a {@code user_id}); {@code tenant}: one for the whole tenant
 * @param namespace the namespace its items are saved in and recalled from ({@code ""}: the default)
 * @param extract   what extraction distils from its conversations, in the order written
 * @param recall    how many items, in how many tokens, are put in context before each model step
 */
public record LongTermSpec(MemoryScope scope, String namespace, List<Extract> extract, Recall recall) {

    /** The built-in tools that need {@code memory.long_term}. */
    public static final Set<String> TOOLS = Set.of("memory_search", "memory_save");

    /** What extraction distils from a conversation. */
    public enum Extract {
        FACTS, PREFERENCES, SUMMARY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How recall fills the context.
     *
     * @param limit     the most items recalled for a message (0: none; the tools still work)
     * @param maxTokens the most tokens the recalled items may take together
     */
    public record Recall(int limit, int maxTokens) {
        public static final Recall DEFAULT = new Recall(5, 1_000);
        public static final int MAX_LIMIT = 50;
        public static final int MAX_TOKENS = 100_000;

        public Recall {
            if (limit < 0 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("recall limit must be 0 to " + MAX_LIMIT + ", got " + limit);
            }
            if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
                throw new IllegalArgumentException("recall max_tokens must be 1 to " + MAX_TOKENS + ", got " + maxTokens);
            }
        }
    }

    public LongTermSpec {
        Objects.requireNonNull(scope, "scope");
        namespace = namespace == null ? "" : namespace;
        extract = extract == null ? List.of() : List.copyOf(extract);
        recall = recall == null ? Recall.DEFAULT : recall;
        if (!MemoryLimits.validNamespace(namespace)) {
            throw new IllegalArgumentException(MemoryLimits.namespaceRule(namespace));
        }
    }

    /** Long-term memory of {@code scope}, in the default namespace, with no extraction and the default recall. */
    public static LongTermSpec of(MemoryScope scope) {
        return new LongTermSpec(scope, "", List.of(), Recall.DEFAULT);
    }

    /** The definition as written in agent files and shown by the API. */
    @JsonValue
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("scope", scope.wireName());
        if (!namespace.isEmpty()) {
            node.put("namespace", namespace);
        }
        extract.forEach(what -> node.withArray("extract").add(what.wireName()));
        node.putObject("recall").put("limit", recall.limit()).put("max_tokens", recall.maxTokens());
        return node;
    }

    /**
     * Reads a stored definition. One that is not valid (stored before it was checked) reads as
     * null: no long-term memory, which is what it meant then.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LongTermSpec fromJson(JsonNode node) {
        List<String> problems = new ArrayList<>();
        LongTermSpec spec = LongTermSpecs.read(node, problems);
        return problems.isEmpty() ? spec : null;
    }
}
