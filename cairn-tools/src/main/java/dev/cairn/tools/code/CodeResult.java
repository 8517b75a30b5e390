package dev.cairn.tools.code;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.util.Objects;

/**
 * What one program did. Immutable.
 *
 * @param exitCode   the program's exit status; 128 + N when a signal N ended it
 * @param stdout     what it wrote to stdout, at most the output limit (UTF-8, bad bytes replaced)
 * @param stderr     what it wrote to stderr, likewise
 * @param timedOut   true when the wall-clock limit passed and the program and everything it started were killed
 * @param truncated  true when it wrote more than the output limit, and was stopped then
 * @param sandboxed  false when it ran without a sandbox, which an operator allowed
 * @param durationMs wall-clock milliseconds from start to exit
 */
public record CodeResult(int exitCode, String stdout, String stderr, boolean timedOut, boolean truncated,
                         boolean sandboxed, long durationMs) {

    /** The exit status of a program that SIGXCPU ended: it used up its CPU time. */
    static final int CPU_LIMIT_EXIT = 128 + 24;
    static final String UNSANDBOXED_WARNING = "this program ran WITHOUT a sandbox (the server's operator allowed "
            + "sandbox mode 'unsandboxed'): it could reach the network and the server's files";

    public CodeResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** The result as the model reads it: {@code {exit_code, stdout, stderr, ...}}, with a note when a limit ended the program. */
    public ObjectNode toJson(SandboxSettings settings) {
        ObjectNode node = Json.object();
        node.put("exit_code", exitCode);
        node.put("stdout", stdout);
        node.put("stderr", stderr);
        node.put("timed_out", timedOut);
        node.put("truncated", truncated);
        node.put("sandboxed", sandboxed);
        node.put("duration_ms", durationMs);
        String note = note(settings);
        if (note != null) {
            node.put("note", note);
        }
        if (!sandboxed) {
            node.put("warning", UNSANDBOXED_WARNING);
        }
        return node;
    }

    private String note(SandboxSettings settings) {
        if (timedOut) {
            return "killed after the wall-clock limit of " + settings.wall().toMillis() + "ms, with everything it started";
        }
        if (truncated) {
            return "stopped after writing more than the output limit of " + settings.outputBytes() + " bytes";
        }
        if (exitCode == CPU_LIMIT_EXIT) {
            return "killed for using up its CPU time limit of " + settings.cpu().toSeconds() + "s";
        }
        return null;
    }
}
