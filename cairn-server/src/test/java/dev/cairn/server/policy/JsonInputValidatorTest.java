package dev.cairn.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.policy.InputValidator;
import org.junit.jupiter.api.Test;

class JsonInputValidatorTest {

    private final JsonInputValidator validator = JsonInputValidator.create();

    private static JsonNode json(String text) throws Exception {
        return Json.parse(text);
    }

    @Test
    void problemsNameTheFieldsTheyAreAbout() throws Exception {
        InputValidator.CompiledSchema schema = validator.compile(json("""
                {"type": "object", "required": ["order"], "additionalProperties": false,
                 "properties": {"order": {"type": "string", "pattern": "^o-[0-9]+$"},
                                "lines": {"type": "array", "items": {"type": "object",
                                          "properties": {"qty": {"type": "integer", "minimum": 1}}}}}}"""));

        assertThat(schema.problems(json("{\"order\": \"o-7\", \"lines\": [{\"qty\": 2}]}"))).isEmpty();
        assertThat(schema.problems(json("{\"order\": \"seven\", \"lines\": [{\"qty\": 0}], \"rush\": true}")))
                .anySatisfy(problem -> assertThat(problem).startsWith("/order: ").contains("pattern"))
                .anySatisfy(problem -> assertThat(problem).startsWith("/lines/0/qty: ").contains("minimum"))
                .anySatisfy(problem -> assertThat(problem).contains("'rush'"));
        assertThat(schema.problems(json("{}"))).singleElement().asString().contains("required property 'order'");
    }

    @Test
    void eachSchemaIsCompiledOnce() throws Exception {
        String schema = "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"number\"}}}";
        assertThat(validator.compile(json(schema))).isSameAs(validator.compile(json(schema)));
    }
}
