package dev.cairn.testing.memory;

import java.util.List;
import java.util.Objects;

/**
 * One kind of thing a person tells an assistant about themselves, with ways of saying it and of
 * later asking about it. Placeholders in braces ({@code {girl}}, {@code {order}}) are filled from
 * {@link FactSlots}; a question is filled with the same values as the memory it asks about.
 *
 * @param topic            what the fact is about; a person's facts of one topic are each other's distractors
 * @param name             a name unique among the kinds
 * @param memories         ways of stating the fact
 * @param questions        ways of asking about it in other words than the statement's
 * @param entityQuestions  ways of asking that name the fact's rare entity (a code, a name); empty if it has none
 */
record FactKind(String topic, String name, List<String> memories, List<String> questions, List<String> entityQuestions) {

    FactKind {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(name, "name");
        memories = List.copyOf(memories);
        questions = List.copyOf(questions);
        entityQuestions = List.copyOf(entityQuestions);
        if (memories.isEmpty() || questions.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one memory and one question");
        }
    }

    static FactKind of(String topic, String name, List<String> memories, List<String> questions) {
        return new FactKind(topic, name, memories, questions, List.of());
    }

    static FactKind withEntity(String topic, String name, List<String> memories, List<String> questions,
            List<String> entityQuestions) {
        return new FactKind(topic, name, memories, questions, entityQuestions);
    }

    boolean hasEntity() {
        return !entityQuestions.isEmpty();
    }
}
