package dev.cairn.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ValidationException;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.MemoryScope;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongTermSpecTest {

    private final AgentSpecs specs = AgentSpecs.create(Set.of("default"), Set.of("memory", "memory_search", "memory_save"),
            schema -> List.of());

    private LongTermSpec longTerm(String yaml) {
        return specs.parse("{name: a1, memory: {long_term: " + yaml + "}}", false).memory().longTerm();
    }

    private List<String> problems(String yaml) {
        try {
            specs.parse(yaml, false);
        } catch (ValidationException invalid) {
            return invalid.problems();
        }
        throw new AssertionError("expected problems in " + yaml);
    }

    @Test
    void readsEveryPart() {
        LongTermSpec spec = longTerm("{scope: user, namespace: support, extract: [facts, summary], "
                + "recall: {limit: 8, max_tokens: 400}}");

        assertThat(spec).isEqualTo(new LongTermSpec(MemoryScope.USER, "support",
                List.of(LongTermSpec.Extract.FACTS, LongTermSpec.Extract.SUMMARY), new LongTermSpec.Recall(8, 400)));
    }

    @Test
    void fillsInDefaults() {
        assertThat(longTerm("{scope: tenant}")).isEqualTo(LongTermSpec.of(MemoryScope.TENANT));
        assertThat(longTerm("{scope: agent, recall: {limit: 0}}").recall()).isEqualTo(new LongTermSpec.Recall(0, 1_000));
        assertThat(specs.parse("{name: a1}", false).memory().longTerm()).isNull();
    }

    @Test
    void namesEveryBadPart() {
        assertThat(problems("""
                name: a1
                memory:
                  long_term:
                    scope: everyone
                    namespace: "no spaces"
                    extract: [facts, facts, moods]
                    recall: {limit: 500, max_tokens: 0, depth: 2}
                    colour: blue
                """)).containsExactlyInAnyOrder(
                "memory.long_term.colour is not a known field (known: extract, namespace, recall, scope)",
                "memory.long_term.scope must be one of agent, user, tenant, got \"everyone\"",
                "memory.long_term.namespace 'no spaces' must be 1-64 letters, digits, '_', '.', ':' or '-', "
                        + "starting with a letter or digit",
                "memory.long_term.extract lists facts twice",
                "memory.long_term.extract \"moods\" is not one of facts, preferences, summary",
                "memory.long_term.recall.depth is not a known field (known: limit, max_tokens)",
                "memory.long_term.recall.limit must be a whole number from 0 to 50, got 500",
                "memory.long_term.recall.max_tokens must be a whole number from 1 to 100000, got 0");
        assertThat(problems("{name: a1, memory: {long_term: {extract: [facts]}}}"))
                .containsExactly("memory.long_term.scope is required: agent, user or tenant");
        assertThat(problems("{name: a1, memory: {long_term: user}}"))
                .containsExactly("memory.long_term must be an object such as {scope: user}");
        assertThat(problems("{name: a1, memory: {long_term: {scope: user, extract: facts, recall: 5}}}"))
                .containsExactly("memory.long_term.extract must be a list of facts, preferences, summary",
                        "memory.long_term.recall must be an object such as {limit: 5, max_tokens: 1000}");
    }

    @Test
    void theLongTermToolsNeedLongTermMemory() {
        assertThat(problems("{name: a1, tools: [{builtin: memory}, {builtin: memory_search}, {builtin: memory_save}]}"))
                .containsExactly("tools[1] 'memory_search' needs memory.long_term (for example {scope: user})",
                        "tools[2] 'memory_save' needs memory.long_term (for example {scope: user})");
        assertThat(specs.parse("{name: a1, memory: {long_term: {scope: agent}}, tools: [{builtin: memory_search}]}", false)
                .tools()).hasSize(1);
        assertThat(problems("{name: a1, memory: {long_term: {scope: team}}, tools: [{builtin: memory_save}]}"))
                .containsExactly("memory.long_term.scope must be one of agent, user, tenant, got \"team\"");
    }

    @Test
    void isStoredAndShownAsWritten() throws Exception {
        AgentSpec spec = specs.parse("{name: a1, memory: {long_term: {scope: user, namespace: crm, extract: [preferences]}}}",
                false);

        String stored = Json.write(spec);

        assertThat(Json.parse(stored).at("/memory/long_term")).isEqualTo(Json.parse(
                "{\"scope\":\"user\",\"namespace\":\"crm\",\"extract\":[\"preferences\"],"
                        + "\"recall\":{\"limit\":5,\"max_tokens\":1000}}"));
        assertThat(Json.mapper().readValue(stored, AgentSpec.class)).isEqualTo(spec);
    }

    @Test
    void aStoredDefinitionThatWasNeverValidReadsAsNoLongTermMemory() throws Exception {
        String stored = "{\"name\":\"a1\",\"memory\":{\"blocks\":{\"notes\":\"\"},\"long_term\":{\"scope\":\"user\",\"extract\":true}}}";

        AgentSpec spec = Json.mapper().readValue(stored, AgentSpec.class);

        assertThat(spec.memory().longTerm()).isNull();
        assertThat(spec.memory().blocks()).containsOnlyKeys("notes");
    }

    @Test
    void aSpecBuiltInCodeIsCheckedToo() {
        assertThatThrownBy(() -> new LongTermSpec(MemoryScope.USER, "a b", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace 'a b'");
        assertThatThrownBy(() -> new LongTermSpec.Recall(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
