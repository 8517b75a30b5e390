package dev.cairn.tools.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolFactory;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import dev.cairn.tools.workspace.WorkspaceTool;
import java.nio.charset.StandardCharsets;

/**
 * The built-in {@code code_run} tool ({@code builtin: code} in an agent's tools): runs a short
 * Python 3, Node.js or Bash program in the session's workspace folder, the folder the
 * {@code workspace} tool reads and writes, so files a program writes are there for the next call
 * and the next run. Its result is {@code {exit_code, stdout, stderr, timed_out, truncated,
 * sandboxed, duration_ms}}, with a {@code note} when a limit ended the program.
 *
 * <p>Thread-safe. Not idempotent: a program may do anything to its workspace, so a call whose
 * outcome was lost is never repeated silently.
 */
public final class CodeRunTool implements Tool {

    /** The name the model calls. */
    public static final String NAME = "code_run";
    /** The key of the built-in in an agent's tools: {@code builtin: code}. */
    public static final String BUILTIN = "code";
    /** Programs are passed as one argument, which Linux limits to 128 KiB; longer ones belong in a workspace file. */
    public static final int MAX_CODE_BYTES = 100_000;

    private final WorkspaceTool workspace;
    private final CodeSandbox sandbox;
    private final ToolDefinition definition;

    private CodeRunTool(WorkspaceTool workspace, CodeSandbox sandbox) {
        this.workspace = workspace;
        this.sandbox = sandbox;
        this.definition = new ToolDefinition(NAME, description(sandbox), schema());
    }

    /** The tool over the folders of {@code workspace}, running programs in {@code sandbox}. */
    public static CodeRunTool create(WorkspaceTool workspace, CodeSandbox sandbox) {
        return new CodeRunTool(java.util.Objects.requireNonNull(workspace, "workspace"),
                java.util.Objects.requireNonNull(sandbox, "sandbox"));
    }

    public ToolFactory factory() {
        return entry -> this;
    }

    private static String description(CodeSandbox sandbox) {
        SandboxSettings limits = sandbox.settings();
        String where = sandbox.status().sandboxed()
                ? "in a sandbox with no network; only your workspace (the working folder, /workspace) is writable and kept, /tmp is emptied after each run. "
                : "WITHOUT A SANDBOX (the operator allowed it): the program runs directly on the server, in your workspace folder. ";
        return "Run a short program in python3, node or bash and get {exit_code, stdout, stderr}. It runs " + where
                + "Files it writes stay for later calls, and the workspace tool reads them. Limits: "
                + limits.cpu().toSeconds() + "s CPU, " + limits.wall().toSeconds() + "s wall time, "
                + limits.memoryBytes() / (1024 * 1024) + " MiB memory, " + limits.processes() + " processes, "
                + limits.outputBytes() / 1024 + " KiB of output.";
    }

    private static JsonNode schema() {
        return Json.constant("""
                    {"type": "object",
                     "properties": {
                       "language": {"type": "string", "enum": ["python3", "node", "bash"]},
                       "code": {"type": "string", "description": "the whole program; print what you want to see"}
                     },
                     "required": ["language", "code"],
                     "additionalProperties": false}
                    """);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public boolean reachesOutside() {
        return true;
    }

    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) throws InterruptedException {
        String languageId = invocation.requireText("language");
        Language language = Language.of(languageId).orElseThrow(() -> new ToolInputException("language '" + languageId
                + "' is not one of " + String.join(", ", Language.ids())));
        String code = invocation.requireText("code");
        if (code.isBlank()) {
            throw new ToolInputException("code is empty; give the whole program");
        }
        if (code.indexOf('\0') >= 0) {
            throw new ToolInputException("code contains a NUL byte");
        }
        int bytes = code.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_CODE_BYTES) {
            throw new ToolInputException("code is " + bytes + " bytes, over the limit of " + MAX_CODE_BYTES
                    + "; write long programs to a workspace file and run that file");
        }
        try {
            CodeResult result = sandbox.run(workspace.folder(invocation.sessionId()), language, code);
            return ToolOutcome.success(Json.write(result.toJson(sandbox.settings())));
        } catch (SandboxUnavailableException e) {
            return ToolOutcome.failure(e.getMessage());
        }
    }
}
