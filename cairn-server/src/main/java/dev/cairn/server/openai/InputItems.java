package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code input} of a response, or the {@code items} of a conversation, into what Cairn
 * keeps: the user's messages and the caller's outputs of function calls. Anything else is a 400
 * naming the item and saying it is not supported.
 */
final class InputItems {

    /** The longest message a session takes, as the runtime checks it. */
    static final int MAX_MESSAGE_CHARS = 256 * 1024;

    private InputItems() {
    }

    /** One input item Cairn takes. */
    sealed interface Item {
    }

    /** A message of role {@code user}. */
    record UserMessage(String text) implements Item {
    }

    /** The caller's output of the function call {@code callId}. */
    record FunctionOutput(String callId, String output) implements Item {
    }

    /** {@code input} as a string (one user message) or a list of items. */
    static List<Item> parse(JsonNode input, String param) {
        if (input == null || input.isNull()) {
            return List.of();
        }
        if (input.isTextual()) {
            return List.of(new UserMessage(checked(input.asText(), param)));
        }
        if (!input.isArray()) {
            throw OpenAiError.invalid("'" + param + "' must be a string or a list of items", param);
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            items.add(item(input.get(i), param + "[" + i + "]"));
        }
        return items;
    }

    private static Item item(JsonNode node, String where) {
        if (!node.isObject()) {
            throw OpenAiError.invalid("'" + where + "' must be an object", where);
        }
        String type = node.path("type").asText(node.has("role") ? "message" : "");
        return switch (type) {
            case "message" -> message(node, where);
            case "function_call_output" -> new FunctionOutput(requiredText(node, "call_id", where), output(node, where));
            default -> throw OpenAiError.unsupported("'" + where + "' has type '" + type + "', which is not supported: "
                    + "input items are messages of role user and function_call_output items", where + ".type");
        };
    }

    private static UserMessage message(JsonNode node, String where) {
        String role = node.path("role").asText("");
        if (!role.equals("user")) {
            throw OpenAiError.unsupported("'" + where + ".role' is '" + role + "': only messages of role user are "
                    + "taken (Cairn keeps what the model said itself; put system or developer text in 'instructions')",
                    where + ".role");
        }
        return new UserMessage(checked(text(node.get("content"), where + ".content"), where + ".content"));
    }

    /** Checked before anything is stored, so a bad message leaves no session or agent behind. */
    private static String checked(String text, String where) {
        if (text.isBlank()) {
            throw OpenAiError.invalid("'" + where + "' must not be blank", where);
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            throw OpenAiError.invalid("'" + where + "' has " + text.length() + " characters, over the limit of "
                    + MAX_MESSAGE_CHARS, where);
        }
        return text;
    }

    private static String output(JsonNode node, String where) {
        JsonNode output = node.get("output");
        if (output == null || output.isNull()) {
            throw OpenAiError.invalid("'" + where + ".output' is required", where + ".output");
        }
        return text(output, where + ".output");
    }

    /** Text given as a string, or as a list of text parts ({@code input_text}, {@code output_text}). */
    private static String text(JsonNode content, String where) {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content == null || !content.isArray() || content.isEmpty()) {
            throw OpenAiError.invalid("'" + where + "' must be a string or a non-empty list of text parts", where);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText("");
            if (!type.equals("input_text") && !type.equals("output_text") || !part.path("text").isTextual()) {
                throw OpenAiError.unsupported("'" + where + "[" + i + "]' is a '" + type + "' part: only text parts "
                        + "(input_text) are supported", where + "[" + i + "]");
            }
            text.append(part.get("text").asText());
        }
        return text.toString();
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw OpenAiError.invalid("'" + where + "." + field + "' is required and must be a string", where + "." + field);
        }
        return value.asText();
    }
}
