package dev.cairn.core.tool.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;
import java.util.Objects;

/**
 * A checked CEL condition, ready to evaluate against a call. Immutable and thread-safe; made by
 * {@link PolicyConditions#compile}.
 */
public final class PolicyCondition {

    /** The outcome of one evaluation: a truth value, or the error that kept it from one. */
    public record Result(boolean matched, String error) {
    }

    private final String expression;
    private final CelRuntime.Program program;

    PolicyCondition(String expression, CelRuntime.Program program) {
        this.expression = Objects.requireNonNull(expression, "expression");
        this.program = Objects.requireNonNull(program, "program");
    }

    public String expression() {
        return expression;
    }

    /**
     * Evaluates the condition with these variables ({@code args}, {@code tool}, {@code agent},
     * {@code tenant}). Never throws: an argument the condition reads but the call lacks is an error
     * in the result.
     */
    public Result test(Map<String, ?> variables) {
        try {
            Object value = program.eval(variables);
            return new Result(Boolean.TRUE.equals(value), null);
        } catch (CelEvaluationException | RuntimeException e) {
            return new Result(false, e.getMessage());
        }
    }
}
