package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.agent.AgentSpecs;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

    private final AgentSpecs.SchemaChecker checker = JsonSchemas.checker();

    @Test
    void aValidObjectSchemaHasNoProblems() {
        assertThat(checker.problems(ApiFixture.parse("""
                {"type": "object", "properties": {"order_id": {"type": "string", "minLength": 1}},
                 "required": ["order_id"], "additionalProperties": false}
                """))).isEmpty();
        assertThat(checker.problems(ApiFixture.parse("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}
                """))).isEmpty();
    }

    @Test
    void theTopLevelMustBeAnObjectSchema() {
        assertThat(checker.problems(ApiFixture.parse("{\"type\": \"string\"}"))).singleElement().asString()
                .contains("type must be 'object'");
        assertThat(checker.problems(ApiFixture.parse("{\"properties\": {}}"))).singleElement().asString()
                .contains("type must be 'object'");
    }

    @Test
    void schemasThatBreakTheMetaSchemaAreReported() {
        assertThat(checker.problems(ApiFixture.parse("{\"type\": \"object\", \"properties\": 5}")))
                .anySatisfy(problem -> assertThat(problem).contains("properties"));
        assertThat(checker.problems(ApiFixture.parse("""
                {"type": "object", "properties": {"n": {"type": "integr"}}}
                """))).isNotEmpty();
        assertThat(checker.problems(ApiFixture.parse("{\"type\": \"object\", \"required\": \"id\"}"))).isNotEmpty();
    }

    @Test
    void otherDraftsAreRefused() {
        assertThat(checker.problems(ApiFixture.parse("""
                {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}
                """))).anySatisfy(problem -> assertThat(problem).contains("$schema"));
    }
}
