package dev.cairn.core.tool;

import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.LongTermSpec;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.memory.LongTermMemory;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The built-in tools over long-term memory, {@code memory_search} and {@code memory_save}, made
 * for each agent from its {@code memory.long_term}. Made without an agent (or for one without
 * long-term memory, which validation refuses), their calls fail with a message saying so.
 */
public final class LongTermMemoryTools {

    private LongTermMemoryTools() {
    }

    /** The two tools' factories by name, to add to a {@link ToolCatalog}. */
    public static Map<String, ToolFactory> factories(LongTermMemory memory) {
        Objects.requireNonNull(memory, "memory");
        return Map.of("memory_search", factory(longTerm -> new MemorySearchTool(memory, longTerm)),
                "memory_save", factory(longTerm -> new MemorySaveTool(memory, longTerm)));
    }

    private static ToolFactory factory(Function<LongTermSpec, Tool> make) {
        return new ToolFactory() {
            @Override
            public Tool create(ToolEntry entry) {
                return make.apply(null);
            }

            @Override
            public Tool create(AgentSpec agent, ToolEntry entry) {
                return make.apply(agent.memory().longTerm());
            }
        };
    }
}
