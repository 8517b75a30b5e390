package dev.cairn.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.tool.ToolInputException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a declared HTTP tool maps its arguments to a JSON body ({@code body:} in the declaration):
 * any JSON value in which a string that is exactly {@code "{name}"} becomes the argument's value
 * with its JSON type (left out of its object when the argument is absent), and a
 * {@code {name}} inside a longer string is replaced by the argument's text (which must then be
 * given). Everything else is sent as written. Immutable.
 */
final class BodyTemplate {

    private static final Pattern WHOLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final JsonNode template;

    BodyTemplate(JsonNode template) {
        this.template = template.deepCopy();
    }

    /** The names of the arguments the template uses. */
    static void placeholders(JsonNode node, Set<String> into) {
        if (node.isTextual()) {
            Matcher matcher = HttpToolKind.PLACEHOLDER.matcher(node.asText());
            while (matcher.find()) {
                into.add(matcher.group(1));
            }
        }
        node.forEach(child -> placeholders(child, into));
    }

    /**
     * The body for these arguments.
     *
     * @throws ToolInputException when an argument used inside a longer string, or as the whole body, is absent
     */
    JsonNode render(JsonNode arguments) {
        JsonNode body = render(template, arguments);
        if (body == null) {
            throw new ToolInputException("argument '" + wholeName(template.asText()) + "' is required (it is the body)");
        }
        return body;
    }

    /** The rendered node, or null when it is exactly a placeholder whose argument is absent. */
    private static JsonNode render(JsonNode node, JsonNode arguments) {
        if (node.isTextual()) {
            return text(node.asText(), arguments);
        }
        if (node instanceof ObjectNode object) {
            ObjectNode rendered = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = render(field.getValue(), arguments);
                if (value != null) {
                    rendered.set(field.getKey(), value);
                }
            }
            return rendered;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode rendered = JsonNodeFactory.instance.arrayNode();
            array.forEach(element -> {
                JsonNode value = render(element, arguments);
                rendered.add(value == null ? JsonNodeFactory.instance.nullNode() : value);
            });
            return rendered;
        }
        return node;
    }

    private static JsonNode text(String text, JsonNode arguments) {
        String whole = wholeName(text);
        if (whole != null) {
            JsonNode value = arguments.get(whole);
            return value == null || value.isNull() ? null : value.deepCopy();
        }
        Matcher placeholders = HttpToolKind.PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (placeholders.find()) {
            JsonNode value = arguments.get(placeholders.group(1));
            if (value == null || value.isNull()) {
                throw new ToolInputException("argument '" + placeholders.group(1) + "' is required (it is part of the body)");
            }
            placeholders.appendReplacement(filled, Matcher.quoteReplacement(value.isValueNode() ? value.asText() : value.toString()));
        }
        placeholders.appendTail(filled);
        return JsonNodeFactory.instance.textNode(filled.toString());
    }

    private static String wholeName(String text) {
        Matcher whole = WHOLE.matcher(text);
        return whole.matches() ? whole.group(1) : null;
    }

    /** Problems of a declared body: the arguments it names that the input schema does not define. */
    static List<String> problems(JsonNode body, Set<String> properties, boolean schemaGiven) {
        Set<String> used = new java.util.TreeSet<>();
        placeholders(body, used);
        return used.stream().filter(name -> schemaGiven && !properties.contains(name))
                .map(name -> "http.body names {" + name + "}, which input_schema does not define").toList();
    }
}
