package dev.cairn.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SqlToolKindTest {

    private final SqlToolKind kind = SqlToolKind.create(Map.of("crm", SqlSource.of("crm", "jdbc:sqlite:crm.db", null, null)));

    @AfterEach
    void close() {
        kind.close();
    }

    private static ToolEntry entry(String declaration) {
        return ToolEntry.declared("sql", null, Json.constant(declaration));
    }

    @Test
    void anEntryMustNameAConfiguredSourceAndNothingElse() {
        assertThat(kind.key()).isEqualTo("sql");
        assertThat(kind.problems(entry("{\"source\":\"crm\"}"))).isEmpty();
        assertThat(kind.problems(entry("{\"source\":\"billing\"}")))
                .containsExactly("sql.source 'billing' is not a data source of this server (configured: crm)");
        assertThat(kind.problems(entry("{\"source\":\"crm\",\"writable\":true}")))
                .containsExactly("sql.writable is not a known key (known: source)");
        assertThat(kind.problems(entry("\"crm\""))).containsExactly("sql must be an object naming a data source: {source: NAME}");
    }

    @Test
    void aServerWithoutSourcesSaysSo() {
        try (SqlToolKind none = SqlToolKind.create(Map.of())) {
            assertThat(none.problems(entry("{\"source\":\"crm\"}")))
                    .containsExactly("sql.source 'crm' is not a data source of this server (configured: none)");
        }
    }

    @Test
    void theToolsTellTheModelTheirLimits() {
        var tools = kind.tools(null, entry("{\"source\":\"crm\"}"));
        assertThat(tools).extracting(tool -> tool.definition().name()).containsExactly("crm_schema", "crm_query");
        assertThat(tools.get(1).definition().description()).contains("500 rows").contains("10000ms");
        assertThat(tools).allMatch(tool -> tool.idempotent());
    }
}
