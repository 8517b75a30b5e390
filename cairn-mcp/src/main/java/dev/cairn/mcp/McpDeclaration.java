package dev.cairn.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.Durations;
import dev.cairn.core.agent.ToolEntry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An MCP server as an agent declares it, either a command Cairn starts and talks to over stdio:
 *
 * <pre>
 * - mcp: {name: files, command: [npx, -y, "@modelcontextprotocol/server-filesystem", /srv/docs], env: {LOG: quiet}}
 * </pre>
 *
 * or a server reached over Streamable HTTP:
 *
 * <pre>
 * - mcp: {name: web, url: "http://127.0.0.1:3001/mcp", timeout: 20s}
 * </pre>
 *
 * Immutable.
 *
 * @param name    the server's name, the prefix of its tools' names ({@code files__read_file})
 * @param command the program and its arguments, for a stdio server; empty for an HTTP one
 * @param env     environment variables the program gets beside a few safe ones (PATH, HOME, ...)
 * @param url     the Streamable HTTP endpoint, or null for a stdio server
 * @param timeout how long one call may take before it fails
 * @param source  the declaration as written, which identifies the server process it describes
 */
record McpDeclaration(String name, List<String> command, Map<String, String> env, URI url, Duration timeout,
                      String source) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);
    private static final Set<String> KEYS = Set.of("name", "command", "env", "url", "timeout");

    McpDeclaration {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(source, "source");
    }

    boolean stdio() {
        return url == null;
    }

    /** Every problem of an {@code mcp} entry, each naming its field; empty when it is valid. */
    static List<String> problems(ToolEntry entry) {
        List<String> problems = new ArrayList<>();
        if (entry.name() != null) {
            problems.add("name goes inside the declaration for an MCP server: mcp: {name: " + entry.name() + ", ...}");
        }
        if (entry.inputSchema() != null) {
            problems.add("input_schema does not apply to an MCP server: each of its tools brings its own");
        }
        JsonNode mcp = entry.mcp();
        if (mcp == null || !mcp.isObject()) {
            problems.add("mcp must be an object such as {name: files, command: [mcp-server-filesystem, /srv/docs]} "
                    + "or {name: web, url: \"https://host/mcp\"}");
            return problems;
        }
        mcp.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                problems.add("mcp." + key + " is not a known key (known: command, env, name, timeout, url)");
            }
        });
        JsonNode name = mcp.get("name");
        if (name == null || !name.isTextual()) {
            problems.add("mcp.name is required: a name for the server, the prefix of its tools' names");
        } else if (!NAME.matcher(name.asText()).matches()) {
            problems.add("mcp.name '" + name.asText() + "' must be 1-32 letters, digits, '_' or '-'");
        }
        boolean hasCommand = mcp.has("command");
        boolean hasUrl = mcp.has("url");
        if (hasCommand == hasUrl) {
            problems.add("mcp must have exactly one of command (a server Cairn starts) and url (a Streamable HTTP server)");
        }
        if (hasCommand) {
            commandProblems(mcp, problems);
        }
        if (hasUrl) {
            urlProblems(mcp.get("url"), problems);
        }
        if (mcp.has("env") && !hasCommand) {
            problems.add("mcp.env applies only to a server started with command");
        }
        if (mcp.has("timeout")) {
            timeoutProblems(mcp.get("timeout"), problems);
        }
        return problems;
    }

    private static void commandProblems(JsonNode mcp, List<String> problems) {
        JsonNode command = mcp.get("command");
        if (!command.isArray() || command.isEmpty()) {
            problems.add("mcp.command must be a non-empty list of strings: the program, then its arguments");
        } else {
            for (int i = 0; i < command.size(); i++) {
                if (!command.get(i).isTextual() || (i == 0 && command.get(i).asText().isBlank())) {
                    problems.add("mcp.command[" + i + "] must be a " + (i == 0 ? "non-empty " : "") + "string, got "
                            + command.get(i));
                }
            }
        }
        JsonNode env = mcp.get("env");
        if (env != null) {
            if (!env.isObject()) {
                problems.add("mcp.env must map variable names to strings");
            } else {
                env.fields().forEachRemaining(variable -> {
                    if (!variable.getValue().isTextual()) {
                        problems.add("mcp.env." + variable.getKey() + " must be a string, got " + variable.getValue());
                    }
                });
            }
        }
    }

    private static void urlProblems(JsonNode url, List<String> problems) {
        String text = url.isTextual() ? url.asText() : String.valueOf(url);
        if (!url.isTextual() || !(text.startsWith("http://") || text.startsWith("https://"))) {
            problems.add("mcp.url '" + text + "' must be an http:// or https:// URL");
            return;
        }
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null) {
                problems.add("mcp.url '" + text + "' has no host");
            }
        } catch (java.net.URISyntaxException e) {
            problems.add("mcp.url '" + text + "' is not a valid URL: " + e.getMessage());
        }
    }

    private static void timeoutProblems(JsonNode timeout, List<String> problems) {
        try {
            Duration parsed = Durations.parse("mcp.timeout", timeout.asText());
            if (parsed.isZero() || parsed.isNegative() || parsed.compareTo(MAX_TIMEOUT) > 0) {
                problems.add("mcp.timeout '" + timeout.asText() + "' must be more than 0 and at most 30m");
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    /** The declaration of a valid entry (see {@link #problems}). */
    static McpDeclaration of(ToolEntry entry) {
        JsonNode mcp = entry.mcp();
        List<String> command = new ArrayList<>();
        mcp.path("command").forEach(part -> command.add(part.asText()));
        Map<String, String> env = new LinkedHashMap<>();
        mcp.path("env").fields().forEachRemaining(variable -> env.put(variable.getKey(), variable.getValue().asText()));
        URI url = mcp.has("url") ? URI.create(mcp.get("url").asText()) : null;
        Duration timeout = mcp.has("timeout") ? Durations.parse("mcp.timeout", mcp.get("timeout").asText()) : DEFAULT_TIMEOUT;
        return new McpDeclaration(mcp.get("name").asText(), command, env, url, timeout, mcp.toString());
    }

    /** How the server is reached, for messages: its command line or its URL. */
    String describe() {
        return stdio() ? String.join(" ", command) : url.toString();
    }
}
