package dev.cairn.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cairn.core.agent.AgentSpecs;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the input schemas of agents' tools: each must be a valid JSON Schema (draft 2020-12)
 * describing an object, because a tool's input is always a JSON object of named arguments.
 *
 * <p>The meta-schemas ship inside the validator's jar, so checking never touches the network.
 * Thread-safe.
 */
public final class JsonSchemas {

    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final int MAX_PROBLEMS = 20;

    private final Schema metaSchema;

    private JsonSchemas() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        this.metaSchema = registry.getSchema(SchemaLocation.of(DRAFT_2020_12));
    }

    /** A checker to give {@link AgentSpecs#create}. */
    public static AgentSpecs.SchemaChecker checker() {
        JsonSchemas schemas = new JsonSchemas();
        return schemas::problems;
    }

    List<String> problems(JsonNode schema) {
        List<String> problems = new ArrayList<>();
        if (schema == null || !schema.isObject()) {
            problems.add("must be a JSON Schema object such as {type: object, properties: {...}}");
            return problems;
        }
        JsonNode declared = schema.get("$schema");
        if (declared != null && !(declared.isTextual() && declared.asText().startsWith(DRAFT_2020_12))) {
            problems.add("$schema must be " + DRAFT_2020_12 + " (or left out); got " + declared);
        }
        JsonNode type = schema.get("type");
        if (type == null || !type.isTextual() || !type.asText().equals("object")) {
            problems.add("type must be 'object' at the top level (a tool's input is an object of named arguments)"
                    + (type == null ? "" : ", got " + type));
        }
        for (Error error : metaSchema.validate(schema)) {
            if (problems.size() >= MAX_PROBLEMS) {
                problems.add("... and more");
                break;
            }
            problems.add(describe(error));
        }
        return problems;
    }

    private static String describe(Error error) {
        String where = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        String message = error.getMessage();
        if (where.isEmpty() || "$".equals(where) || message.startsWith(where)) {
            return message;
        }
        return where + ": " + message;
    }
}
