package dev.cairn.mcp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The names the model calls an MCP server's tools by: {@code SERVER__TOOL}, with every character
 * a function name may not hold ({@code [a-zA-Z0-9_-]}) replaced by {@code _}, cut to 64
 * characters, and made unique with a numbered suffix when two tools end up with one name.
 * Stateless.
 */
final class McpToolNames {

    static final int MAX_LENGTH = 64;
    static final String SEPARATOR = "__";

    private McpToolNames() {
    }

    /** The model's name for each of {@code tools}, in their order. */
    static List<String> assign(String server, List<String> tools) {
        Set<String> taken = new HashSet<>();
        List<String> names = new ArrayList<>(tools.size());
        for (String tool : tools) {
            String base = cut(server + SEPARATOR + tool.replaceAll("[^a-zA-Z0-9_-]", "_"), MAX_LENGTH);
            String name = base;
            for (int suffix = 2; !taken.add(name); suffix++) {
                String tail = "_" + suffix;
                name = cut(base, MAX_LENGTH - tail.length()) + tail;
            }
            names.add(name);
        }
        return names;
    }

    private static String cut(String name, int length) {
        return name.length() <= length ? name : name.substring(0, length);
    }
}
