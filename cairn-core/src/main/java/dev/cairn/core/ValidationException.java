package dev.cairn.core;

import java.util.List;

/** Thrown when a definition (an agent, a configuration) has one or more problems; lists every one. */
public final class ValidationException extends CairnException {

    private final List<String> problems;

    public ValidationException(String subject, List<String> problems) {
        super(subject + " is invalid: " + String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, in the order found. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public String type() {
        return "validation_failed";
    }
}
