package dev.cairn.core.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps large tool outputs out of the log: a {@code tool.completed} whose output is over
 * {@link #INLINE_LIMIT_BYTES} is stored with only its first {@link #PREVIEW_BYTES} (cut on a
 * character boundary) and a note telling the model how to read the rest with
 * {@link #READER_TOOL}, while the whole output goes to the store's blobs, once per content hash.
 *
 * <p>Every event store applies {@link #compact} to what it appends, in the transaction that
 * appends it, so the log, the views built from it and the model's context all hold the short
 * form. Stateless and thread-safe.
 */
public final class LargeOutputs {

    /** Outputs up to this many UTF-8 bytes stay whole in their event. */
    public static final int INLINE_LIMIT_BYTES = 16 * 1024;
    /** How much of a larger output its event keeps. */
    public static final int PREVIEW_BYTES = 4 * 1024;
    /** The built-in tool that reads the rest of a large output. */
    public static final String READER_TOOL = "read_output";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private LargeOutputs() {
    }

    /**
     * A whole output, to store once under its hash.
     *
     * @param sha256  lowercase hex SHA-256 of {@code content}
     * @param content the bytes (shared, not copied: do not change them)
     */
    public record Blob(String sha256, byte[] content) {
        public Blob {
            Objects.requireNonNull(content, "content");
            if (!isHash(sha256)) {
                throw new IllegalArgumentException("a blob is named by a lowercase hex SHA-256, got " + sha256);
            }
        }

        /** A blob of {@code content}, named by its hash. */
        public static Blob of(byte[] content) {
            return new Blob(LargeOutputs.sha256(content), content);
        }

        public long size() {
            return content.length;
        }
    }

    /**
     * What to store for one payload.
     *
     * @param payload what the event holds
     * @param blob    the whole output to store beside it, or null when there is none
     */
    public record Compacted(EventPayload payload, Blob blob) {
        public Compacted {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** The payload as it is stored: a large tool output is cut short and its whole text set aside. */
    public static Compacted compact(EventPayload payload) {
        if (!(payload instanceof EventPayload.ToolCompleted completed) || completed.outputRef() != null) {
            return new Compacted(payload, null);
        }
        byte[] bytes = completed.output().getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= INLINE_LIMIT_BYTES) {
            return new Compacted(payload, null);
        }
        Blob blob = Blob.of(bytes);
        int cut = characterBoundary(bytes, PREVIEW_BYTES);
        String preview = new String(bytes, 0, cut, StandardCharsets.UTF_8) + note(blob.sha256(), cut, bytes.length);
        return new Compacted(new EventPayload.ToolCompleted(completed.callId(), completed.tool(), preview,
                completed.latencyMillis(), blob.sha256(), (long) bytes.length), blob);
    }

    /** The blob a stored payload refers to, if any. */
    public static Optional<String> reference(EventPayload payload) {
        return payload instanceof EventPayload.ToolCompleted completed ? Optional.ofNullable(completed.outputRef())
                : Optional.empty();
    }

    /** What the model reads after the shown part of a large output. */
    static String note(String sha256, long shown, long total) {
        return "\n\n[output truncated: showing the first " + shown + " of " + total + " bytes. To read more, call "
                + READER_TOOL + " with {\"ref\": \"" + sha256 + "\", \"offset\": " + shown + "}]";
    }

    /** The largest index at most {@code limit} that does not fall inside a UTF-8 character. */
    public static int characterBoundary(byte[] bytes, int limit) {
        int cut = Math.min(limit, bytes.length);
        while (cut > 0 && cut < bytes.length && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return cut;
    }

    public static boolean isHash(String text) {
        return text != null && SHA256.matcher(text).matches();
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
