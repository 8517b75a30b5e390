package dev.cairn.core.tool.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Checks tool-call arguments against a tool's JSON Schema before the tool is called. The core
 * states the contract; a JSON Schema library implements it outside the core.
 *
 * <p>Implementations are thread-safe, and compile each schema once (callers may ask for the same
 * schema many times).
 */
public interface InputValidator {

    /** Accepts every argument object; for runtimes that check no schemas. */
    InputValidator NONE = schema -> arguments -> List.of();

    /** A schema ready to check arguments with. */
    @FunctionalInterface
    interface CompiledSchema {
        /** Each problem of {@code arguments}, naming the field it is about; empty when they are valid. */
        List<String> problems(JsonNode arguments);
    }

    /** The compiled form of {@code schema} (a JSON Schema object). */
    CompiledSchema compile(JsonNode schema);
}
