package dev.cairn.tools.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secret values one call puts on the wire, and the forms they travel in, so that whatever
 * comes back (a response that echoes a header, an error page) is told to the model with each of
 * them replaced by {@code [secret:NAME]}. Confined to one call.
 */
final class SentSecrets {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<Map.Entry<String, String>> forms = new ArrayList<>();

    /** Records that {@code value} of secret {@code name} is sent, in its own form and in {@code travelsAs}. */
    void add(String name, String value, String... travelsAs) {
        values.put(name, value);
        forms.add(Map.entry(value, name));
        for (String form : travelsAs) {
            forms.add(Map.entry(form, name));
        }
        forms.sort(Comparator.comparingInt((Map.Entry<String, String> form) -> form.getKey().length()).reversed());
    }

    /** Secret values by name. */
    Map<String, String> values() {
        return values;
    }

    /** {@code text} with every form of every sent secret replaced by its name. */
    String redact(String text) {
        String redacted = text;
        for (Map.Entry<String, String> form : forms) {
            if (!form.getKey().isEmpty()) {
                redacted = redacted.replace(form.getKey(), "[secret:" + form.getValue() + "]");
            }
        }
        return redacted;
    }
}
