package dev.cairn.testing.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One fact of a generated person's life as stored, with the questions that it alone answers among
 * that person's facts: paraphrases, which share no searchable word with the fact, and questions
 * that repeat some of the fact's specific values (a name, a place, a code, a number) and otherwise
 * share none of its words. Not thread-safe: built by one generation.
 */
final class LifeFact {

    /** A question that repeats {@code named}, values the fact states. */
    record Naming(String text, List<String> named) {

        Naming {
            named = List.copyOf(named);
        }
    }

    final String topic;
    final String kind;
    final String text;
    final List<String> paraphrases = new ArrayList<>();
    final List<Naming> namings = new ArrayList<>();

    private LifeFact(String topic, String kind, String text) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.text = Objects.requireNonNull(text, "text");
    }

    static LifeFact of(String topic, String kind, String text) {
        return new LifeFact(topic, kind, text);
    }

    /** Adds questions in other words than the fact's. */
    LifeFact asked(String... questions) {
        paraphrases.addAll(List.of(questions));
        return this;
    }

    /** Adds a question that repeats {@code value}, one of the fact's specific values. */
    LifeFact named(String value, String question) {
        return named(List.of(value), question);
    }

    /** Adds a question that repeats {@code values}, specific values of the fact. */
    LifeFact named(List<String> values, String question) {
        for (String value : values) {
            if (!text.contains(value) || !question.contains(value)) {
                throw new IllegalArgumentException("\"" + value + "\" must appear in both \"" + text + "\" and \"" + question + "\"");
            }
        }
        namings.add(new Naming(question, values));
        return this;
    }

    boolean askable() {
        return !paraphrases.isEmpty() || !namings.isEmpty();
    }
}
