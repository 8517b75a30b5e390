package dev.cairn.core.loop;

import dev.cairn.core.tool.ToolOutcome;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a tool's output to its {@code max_output}: the first bytes are kept (never splitting a
 * character) and a marker says how much was dropped. A cut output is kept and shown like any
 * other (one over 16 KiB is still stored once, by content hash). Stateless; thread-safe.
 */
final class OutputCap {

    static final String MARKER = "\n[output truncated by Cairn: it was %d bytes, over this tool's max_output of %d bytes;"
            + " the rest was dropped]";

    private OutputCap() {
    }

    static ToolOutcome apply(ToolOutcome outcome, int maxBytes) {
        if (!(outcome instanceof ToolOutcome.Success success) || success.output().length() * 3L <= maxBytes) {
            return outcome;
        }
        byte[] bytes = success.output().getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return outcome;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // back to the first byte of the character the cut would split
        }
        String kept = new String(bytes, 0, end, StandardCharsets.UTF_8);
        return new ToolOutcome.Success(kept + MARKER.formatted(bytes.length, maxBytes), success.effects());
    }
}
