package dev.cairn.server.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cairn.core.tool.policy.InputValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks tool-call arguments against tools' input schemas with the networknt JSON Schema
 * validator (draft 2020-12 unless a schema says otherwise). Each distinct schema is compiled once
 * and kept (up to {@value #MAX_SCHEMAS} of them), so resolving an agent's tools for each run costs
 * a lookup, not a compilation. Problems name the field they are about ({@code $.amount: ...}).
 *
 * <p>Thread-safe.
 */
public final class JsonInputValidator implements InputValidator {

    private static final int MAX_SCHEMAS = 10_000;
    private static final int MAX_PROBLEMS = 10;

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Cache<JsonNode, CompiledSchema> compiled = Caffeine.newBuilder().maximumSize(MAX_SCHEMAS).build();

    private JsonInputValidator() {
    }

    public static JsonInputValidator create() {
        return new JsonInputValidator();
    }

    @Override
    public CompiledSchema compile(JsonNode schema) {
        return compiled.get(schema, this::compileNow);
    }

    private CompiledSchema compileNow(JsonNode schema) {
        Schema validator;
        try {
            validator = registry.getSchema(schema);
        } catch (RuntimeException e) {
            String why = "the tool's input schema cannot be used: " + e.getMessage();
            return arguments -> List.of(why);
        }
        return arguments -> problems(validator, arguments);
    }

    private static List<String> problems(Schema schema, JsonNode arguments) {
        List<Error> errors = schema.validate(arguments);
        if (errors.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (Error error : errors) {
            if (problems.size() == MAX_PROBLEMS) {
                problems.add("... and " + (errors.size() - MAX_PROBLEMS) + " more");
                break;
            }
            problems.add(describe(error));
        }
        return problems;
    }

    private static String describe(Error error) {
        String where = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        String message = error.getMessage();
        return where.isEmpty() || message.startsWith(where) ? message : where + ": " + message;
    }
}
