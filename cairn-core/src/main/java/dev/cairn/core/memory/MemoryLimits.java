package dev.cairn.core.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a long-term memory may hold. A memory is one fact, preference or summary, searched by
 * meaning as a whole, so its text is kept short; namespaces are names, not paths.
 */
public final class MemoryLimits {

    /** The longest text of one item, in characters. */
    public static final int MAX_TEXT_CHARS = 8_000;
    /** The largest metadata object of one item, once written as JSON. */
    public static final int MAX_METADATA_BYTES = 16 * 1024;
    /** The longest search query, in characters. */
    public static final int MAX_QUERY_CHARS = 2_000;
    /** The most items one listing or search answers. */
    public static final int MAX_RESULTS = 100;

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    private MemoryLimits() {
    }

    /**
     * @throws InvalidRequestException when the text is blank or too long
     */
    public static String checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("a memory's text must not be blank");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new InvalidRequestException("a memory's text is at most " + MAX_TEXT_CHARS + " characters, got "
                    + text.length() + "; save the point of it, or several memories");
        }
        return text;
    }

    /**
     * @throws InvalidRequestException when the metadata is too large once written as JSON
     */
    public static ObjectNode checkMetadata(ObjectNode metadata) {
        if (metadata != null) {
            int bytes = Json.write(metadata).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_METADATA_BYTES) {
                throw new InvalidRequestException("a memory's metadata is at most " + MAX_METADATA_BYTES
                        + " bytes as JSON, got " + bytes);
            }
        }
        return metadata;
    }

    /** Whether {@code namespace} is a valid name ({@code ""}, the default namespace, is). */
    public static boolean validNamespace(String namespace) {
        return namespace.isEmpty() || NAMESPACE.matcher(namespace).matches();
    }

    /**
     * @throws InvalidRequestException when the namespace is not a valid name
     */
    public static String checkNamespace(String namespace) {
        String name = namespace == null ? "" : namespace;
        if (!validNamespace(name)) {
            throw new InvalidRequestException(namespaceRule(name));
        }
        return name;
    }

    /** What a namespace must look like, naming the one given. */
    public static String namespaceRule(String namespace) {
        return "namespace '" + namespace + "' must be 1-64 letters, digits, '_', '.', ':' or '-', starting with a letter or digit";
    }

    /**
     * @throws InvalidRequestException when {@code limit} is not between 1 and {@link #MAX_RESULTS}
     */
    public static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_RESULTS) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_RESULTS + ", got " + limit);
        }
        return limit;
    }
}
