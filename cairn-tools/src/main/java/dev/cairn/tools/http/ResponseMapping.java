package dev.cairn.tools.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.ToolOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What part of a successful response the model sees ({@code response: {pointer: /data/items,
 * max_bytes: 16384}}): the whole body, or the part a JSON Pointer selects (a string as its text,
 * anything else as JSON), cut to {@code max_bytes} with a note saying so. Immutable.
 *
 * @param pointer  the part to select, or null for the whole body
 * @param maxBytes the most UTF-8 bytes the model is given
 */
record ResponseMapping(JsonPointer pointer, int maxBytes) {

    static final int DEFAULT_MAX_BYTES = 64 * 1024;
    static final int MAX_MAX_BYTES = 1024 * 1024;
    /** The largest response read to select a part from. */
    static final int MAX_SELECTED_FROM_BYTES = 8 * 1024 * 1024;
    static final ResponseMapping WHOLE = new ResponseMapping(null, DEFAULT_MAX_BYTES);

    /** The declaration's {@code response}, adding a problem for each thing wrong with it. */
    static ResponseMapping parse(JsonNode response, List<String> problems) {
        if (response == null || response.isNull()) {
            return WHOLE;
        }
        if (!response.isObject()) {
            problems.add("http.response must be an object {pointer?, max_bytes?}");
            return WHOLE;
        }
        response.fieldNames().forEachRemaining(key -> {
            if (!key.equals("pointer") && !key.equals("max_bytes")) {
                problems.add("http.response." + key + " is not a known key (known: max_bytes, pointer)");
            }
        });
        JsonPointer pointer = null;
        if (response.has("pointer")) {
            String text = response.get("pointer").asText("");
            try {
                pointer = JsonPointer.compile(text);
            } catch (IllegalArgumentException e) {
                problems.add("http.response.pointer '" + text + "' is not a JSON Pointer (like /data/0/name)");
            }
        }
        int maxBytes = DEFAULT_MAX_BYTES;
        if (response.has("max_bytes")) {
            JsonNode node = response.get("max_bytes");
            if (!node.isInt() || node.asInt() < 1 || node.asInt() > MAX_MAX_BYTES) {
                problems.add("http.response.max_bytes must be a whole number from 1 to " + MAX_MAX_BYTES + ", got " + node);
            } else {
                maxBytes = node.asInt();
            }
        }
        return new ResponseMapping(pointer, maxBytes);
    }

    /** What the model is told of a successful response's body. */
    ToolOutcome apply(InputStream body) throws IOException {
        if (pointer == null) {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            return ToolOutcome.success(bytes.length > maxBytes ? cut(bytes, maxBytes) + "\n... (response cut at "
                    + maxBytes + " bytes)" : new String(bytes, StandardCharsets.UTF_8));
        }
        byte[] bytes = body.readNBytes(MAX_SELECTED_FROM_BYTES + 1);
        if (bytes.length > MAX_SELECTED_FROM_BYTES) {
            return ToolOutcome.failure("the response is over " + MAX_SELECTED_FROM_BYTES / (1024 * 1024)
                    + " MiB, too large to select " + pointer + " from");
        }
        JsonNode document;
        try {
            document = Json.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return ToolOutcome.failure("the response is not JSON, so " + pointer + " cannot be selected from it: "
                    + excerpt(bytes, 200));
        }
        JsonNode selected = document == null ? null : document.at(pointer);
        if (selected == null || selected.isMissingNode()) {
            return ToolOutcome.failure("the response has nothing at " + pointer);
        }
        byte[] text = (selected.isTextual() ? selected.asText() : Json.write(selected)).getBytes(StandardCharsets.UTF_8);
        if (text.length > maxBytes) {
            return ToolOutcome.success(cut(text, maxBytes) + "\n... (" + pointer + " cut at " + maxBytes + " of "
                    + text.length + " bytes)");
        }
        return ToolOutcome.success(new String(text, StandardCharsets.UTF_8));
    }

    /** At most {@code max} bytes of {@code bytes} as text, noting a cut. */
    static String excerpt(byte[] bytes, int max) {
        return bytes.length > max ? cut(bytes, max) + "..." : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The first {@code max} bytes as text, without a character split in two at the end. */
    static String cut(byte[] bytes, int max) {
        String text = new String(Arrays.copyOf(bytes, Math.min(max, bytes.length)), StandardCharsets.UTF_8);
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\uFFFD') {
            end--;
        }
        return text.substring(0, end);
    }
}
