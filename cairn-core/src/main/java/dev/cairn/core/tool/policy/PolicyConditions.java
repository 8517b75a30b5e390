package dev.cairn.core.tool.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles policy conditions written in Google's Common Expression Language (CEL). A condition
 * sees the call's arguments as {@code args} (a map: {@code args.amount > 100},
 * {@code has(args.currency) && args.currency != "EUR"}) and the names {@code tool}, {@code agent}
 * and {@code tenant} (strings), and must answer true or false. Numbers compare across integer and
 * decimal ({@code args.amount > 100} holds for 100.5).
 *
 * <p>Expressions are type-checked when compiled, so a syntax error, an unknown name or a result
 * that is not a truth value is found when the definition is applied, not when a call is made.
 * Compiled conditions are cached by their text. Thread-safe.
 */
public final class PolicyConditions {

    static final List<String> VARIABLES = List.of("args", "tool", "agent", "tenant");

    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("args", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("tool", SimpleType.STRING)
            .addVar("agent", SimpleType.STRING)
            .addVar("tenant", SimpleType.STRING)
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    private static final Cache<String, PolicyCondition> COMPILED = Caffeine.newBuilder().maximumSize(10_000).build();
    private static final int MAX_LENGTH = 2_000;

    private PolicyConditions() {
    }

    /** What is wrong with {@code expression}, or empty when it compiles. */
    public static Optional<String> problem(String expression) {
        try {
            compile(expression);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The compiled condition.
     *
     * @throws IllegalArgumentException saying what is wrong with the expression, and where
     */
    public static PolicyCondition compile(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("the condition is empty; write one such as \"args.amount > 100\"");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the condition is longer than " + MAX_LENGTH + " characters");
        }
        PolicyCondition cached = COMPILED.getIfPresent(expression);
        if (cached != null) {
            return cached;
        }
        PolicyCondition compiled = compileNow(expression);
        COMPILED.put(expression, compiled);
        return compiled;
    }

    private static PolicyCondition compileNow(String expression) {
        try {
            return new PolicyCondition(expression, RUNTIME.createProgram(COMPILER.compile(expression).getAst()));
        } catch (CelValidationException e) {
            String message = e.getMessage().replaceFirst("^ERROR: <input>:", "at ");
            if (message.contains("undeclared reference")) {
                message += "\n(a condition may use " + String.join(", ", VARIABLES)
                        + "; the call's arguments are under args, as in args.amount)";
            }
            throw new IllegalArgumentException("condition \"" + expression + "\" is not valid CEL: " + message, e);
        } catch (CelEvaluationException e) {
            throw new IllegalArgumentException("condition \"" + expression + "\" cannot be evaluated: " + e.getMessage(), e);
        }
    }

    /** The variables a condition sees for a call. */
    public static Map<String, Object> variables(JsonNode arguments, String tool, String agent, String tenant) {
        Map<String, Object> variables = new LinkedHashMap<>(8);
        variables.put("args", value(arguments));
        variables.put("tool", tool == null ? "" : tool);
        variables.put("agent", agent == null ? "" : agent);
        variables.put("tenant", tenant == null ? "" : tenant);
        return variables;
    }

    /** A JSON value as CEL sees it: objects as maps, arrays as lists, whole numbers as int, others as double. */
    static Object value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return com.google.protobuf.NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(field -> map.put(field.getKey(), value(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(value(element)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.asLong() : node.asDouble();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}
