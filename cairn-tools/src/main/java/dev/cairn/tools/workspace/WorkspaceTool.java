package dev.cairn.tools.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolFactory;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The built-in {@code workspace} tool: list, read and write files in the session's own folder
 * ({@code ROOT/SESSION_ID}), which lives as long as the session. Paths are relative to that
 * folder; absolute paths, {@code ..} segments and symbolic links are refused, so a call can
 * never reach outside it.
 *
 * <p>Thread-safe. Writes replace whole files, so repeating a call has the effect of one call.
 */
public final class WorkspaceTool implements Tool {

    /**
     * Files larger than this are read in part, with a note saying so. As large as the largest
     * write, so a file the agent wrote reads back whole: a read over 16 KiB is kept as a blob and
     * the model sees its start and reads on with {@code read_output}, so its context stays small.
     */
    public static final int MAX_READ_BYTES = 1024 * 1024;
    /** Writes larger than this are refused. */
    public static final int MAX_WRITE_BYTES = 1024 * 1024;
    private static final int MAX_LIST_ENTRIES = 1_000;
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private static final ToolDefinition DEFINITION = new ToolDefinition("workspace",
            "Files in your own workspace folder, kept across turns. operation 'list' lists a folder (path optional), "
                    + "'read' returns a file's text, 'write' replaces a file's text with content (folders are created). "
                    + "Paths are relative, like 'notes/todo.md'.",
            schema());

    private final Path root;

    private WorkspaceTool(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The tool over {@code root}, which holds one folder per session; created when missing. */
    public static WorkspaceTool create(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("workspace root " + root + " cannot be created: " + e.getMessage(), e);
        }
        return new WorkspaceTool(root);
    }

    public ToolFactory factory() {
        return entry -> this;
    }

    private static JsonNode schema() {
        return Json.constant("""
                    {"type": "object",
                     "properties": {
                       "operation": {"type": "string", "enum": ["list", "read", "write"]},
                       "path": {"type": "string", "description": "relative path inside the workspace"},
                       "content": {"type": "string", "description": "for write: the file's new text"}
                     },
                     "required": ["operation"],
                     "additionalProperties": false}
                    """);
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    /** The session's folder (it may not exist yet). */
    public Path folder(String sessionId) {
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("session id '" + sessionId + "' cannot name a workspace folder");
        }
        return root.resolve(sessionId);
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) {
        String operation = invocation.requireText("operation");
        Path folder = folder(invocation.sessionId());
        try {
            Files.createDirectories(folder);
            return switch (operation) {
                case "list" -> list(folder, invocation.text("path", ""));
                case "read" -> read(folder, invocation.requireText("path"));
                case "write" -> write(folder, invocation.requireText("path"), invocation.requireText("content"));
                default -> throw new ToolInputException("operation '" + operation + "' is not one of list, read, write");
            };
        } catch (NoSuchFileException e) {
            return ToolOutcome.failure("'" + relative(folder, Path.of(e.getFile())) + "' does not exist");
        } catch (IOException e) {
            return ToolOutcome.failure("the workspace could not do that: " + e.getClass().getSimpleName());
        }
    }

    private static ToolOutcome list(Path folder, String path) throws IOException {
        Path dir = WorkspacePaths.resolve(folder, path, true);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return ToolOutcome.failure("'" + path + "' is not a folder");
        }
        List<String> lines = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String name = relative(folder, entry);
                lines.add(attributes.isDirectory() ? name + "/" : name + " (" + attributes.size() + " bytes)");
                if (lines.size() >= MAX_LIST_ENTRIES) {
                    lines.add("... (listing stopped at " + MAX_LIST_ENTRIES + " entries)");
                    break;
                }
            }
        }
        lines.sort(null);
        return ToolOutcome.success(lines.isEmpty() ? "(empty)" : String.join("\n", lines));
    }

    private static ToolOutcome read(Path folder, String path) throws IOException {
        Path file = WorkspacePaths.resolve(folder, path, false);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            return ToolOutcome.failure("'" + path + "' is a folder; use operation list");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_READ_BYTES + 1);
            if (bytes.length > MAX_READ_BYTES) {
                long size = Files.size(file);
                return ToolOutcome.success(new String(bytes, 0, MAX_READ_BYTES, StandardCharsets.UTF_8)
                        + "\n... (showing the first " + MAX_READ_BYTES + " of " + size + " bytes)");
            }
            return ToolOutcome.success(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static ToolOutcome write(Path folder, String path, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_WRITE_BYTES) {
            return ToolOutcome.failure("content is " + bytes.length + " bytes, over the limit of " + MAX_WRITE_BYTES);
        }
        Path file = WorkspacePaths.resolve(folder, path, false);
        WorkspacePaths.createParents(folder, file);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            out.write(bytes);
        }
        return ToolOutcome.success("wrote " + bytes.length + " bytes to " + relative(folder, file));
    }

    private static String relative(Path folder, Path path) {
        return folder.relativize(path).toString();
    }
}
