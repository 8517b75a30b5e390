package dev.cairn.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.event.LargeOutputs;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.store.BlobStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The built-in {@code read_output} tool: reads a range of a tool output that was too large to
 * show whole (see {@link LargeOutputs}), by the reference its truncated form names. Agents do
 * not declare it: the loop offers it in every model call whose context holds such an output.
 * Only blobs that a session of the caller's tenant refers to can be read.
 *
 * <p>Stateless and thread-safe; reading has no effect, so it is idempotent.
 */
public final class ReadOutputTool implements Tool {

    /** The most bytes one call returns: the answer stays under the size at which outputs are set aside. */
    public static final int MAX_LENGTH = 12 * 1024;
    static final int DEFAULT_LENGTH = 8 * 1024;

    private static final ToolDefinition DEFINITION = new ToolDefinition(LargeOutputs.READER_TOOL,
            "Read more of a tool output that was too long to show whole. Pass the ref the truncated output names, "
                    + "the byte offset to start at (the note says where the shown part ends) and optionally how many "
                    + "bytes to read (at most " + MAX_LENGTH + ").",
            Json.constant("""
                    {"type": "object",
                     "properties": {
                       "ref": {"type": "string", "description": "the output's ref, 64 hex digits"},
                       "offset": {"type": "integer", "minimum": 0, "description": "byte offset to start at"},
                       "length": {"type": "integer", "minimum": 1, "maximum": %d, "description": "bytes to read"}
                     },
                     "required": ["ref"],
                     "additionalProperties": false}
                    """.formatted(MAX_LENGTH)));

    private final BlobStore blobs;

    private ReadOutputTool(BlobStore blobs) {
        this.blobs = blobs;
    }

    public static ReadOutputTool create(BlobStore blobs) {
        return new ReadOutputTool(blobs);
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public ToolOutcome call(ToolInvocation invocation) {
        String ref = invocation.requireText("ref");
        if (!LargeOutputs.isHash(ref)) {
            throw new ToolInputException("ref must be the 64 hex digits a truncated output names, got '" + ref + "'");
        }
        long offset = whole(invocation, "offset", 0, Long.MAX_VALUE - MAX_LENGTH);
        int length = (int) whole(invocation, "length", DEFAULT_LENGTH, MAX_LENGTH);
        Optional<Long> size = blobs.size(invocation.tenantId(), ref);
        if (size.isEmpty()) {
            return ToolOutcome.failure("there is no output with ref " + ref);
        }
        long total = size.get();
        if (offset >= total) {
            return ToolOutcome.failure("offset " + offset + " is past the end: the output has " + total + " bytes");
        }
        // One byte more than asked shows whether the range ends inside a character; both ends
        // move to whole characters (a start inside one moves past it).
        byte[] bytes = blobs.read(invocation.tenantId(), ref, offset, length + 1).orElse(new byte[0]);
        int start = 0;
        while (start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
            start++;
        }
        int end = Math.max(start, LargeOutputs.characterBoundary(bytes, length));
        long from = offset + start;
        long to = offset + end;
        String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        String note = to < total ? "[bytes " + from + " to " + to + " of " + total + "; the next offset is " + to + "]"
                : "[bytes " + from + " to " + to + " of " + total + "; this is the end of the output]";
        return ToolOutcome.success(text + "\n\n" + note);
    }

    private static long whole(ToolInvocation invocation, String name, long fallback, long max) {
        JsonNode node = invocation.arguments().get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || node.asLong() < (name.equals("offset") ? 0 : 1) || node.asLong() > max) {
            throw new ToolInputException(name + " must be a whole number from " + (name.equals("offset") ? 0 : 1)
                    + " to " + max + ", got " + node);
        }
        return node.asLong();
    }
}
