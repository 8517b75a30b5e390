package dev.cairn.documents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Document search as a declared tool:
 *
 * <pre>
 * tools:
 *   - docs: {collections: [handbook, policies]}
 * </pre>
 *
 * gives the agent {@code docs_search} (or the entry's {@code name}) over those collections of the
 * session's tenant. Which collections exist is checked when the tool is called: a tenant may
 * create them after the agent is defined, and a missing one is a failed call naming it.
 *
 * <p>Thread-safe; immutable.
 */
public final class DocsToolKind implements ToolKind {

    public static final String KEY = "docs";
    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final DocumentLibrary library;

    public DocsToolKind(DocumentLibrary library) {
        this.library = Objects.requireNonNull(library, "library");
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public List<String> problems(ToolEntry entry) {
        List<String> problems = new ArrayList<>();
        JsonNode docs = entry.declaration(KEY);
        if (docs == null || !docs.isObject()) {
            problems.add("docs must be an object such as {collections: [handbook]}");
            return problems;
        }
        docs.fieldNames().forEachRemaining(key -> {
            if (!key.equals("collections")) {
                problems.add("docs." + key + " is not a known key (known: collections)");
            }
        });
        JsonNode collections = docs.get("collections");
        if (collections == null || !collections.isArray() || collections.isEmpty()) {
            problems.add("docs.collections must be a list of one or more collection names");
            return problems;
        }
        for (int i = 0; i < collections.size(); i++) {
            JsonNode name = collections.get(i);
            if (!name.isTextual() || !COLLECTION_NAME.matcher(name.asText()).matches()) {
                problems.add("docs.collections[" + i + "] " + name + " is not a collection name (1-64 letters, digits, "
                        + "'_', '-' or '.')");
            }
        }
        return problems;
    }

    @Override
    public Tool create(ToolEntry entry) {
        List<String> collections = new ArrayList<>();
        entry.declaration(KEY).get("collections").forEach(name -> collections.add(name.asText()));
        return new DocsSearchTool(library, List.copyOf(collections), entry.name(), entry.description());
    }
}
