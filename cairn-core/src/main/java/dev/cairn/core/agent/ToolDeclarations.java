package dev.cairn.core.agent;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a server can give agents as tools, as agent validation needs to know it: the built-in
 * tools by name, and the kinds of declared tools ({@code http}, ...) with their own checks.
 */
public interface ToolDeclarations {

    /** Names usable as {@code builtin: NAME}. */
    Set<String> builtins();

    /** Keys of the declared kinds this server offers ({@code http}, {@code mcp}, ...). */
    default Set<String> kinds() {
        return Set.of();
    }

    /**
     * Checks a declared tool of {@code kind}.
     *
     * @return the problems found (empty: valid), or empty optional when this server has no such kind
     */
    Optional<List<String>> problems(String kind, ToolEntry entry);
}
