package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.agent.Limits;
import dev.cairn.core.agent.LongTermSpec;
import dev.cairn.core.agent.MemorySpec;
import dev.cairn.core.agent.OnBusy;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.MemoryScope;
import dev.cairn.core.store.AgentStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link AgentStore} must do: gapless versions, unchanged specs kept, tenants apart. */
public abstract class AgentStoreContract extends StoreContract {

    private AgentStore agents() {
        return store.agents();
    }

    private static AgentSpec spec(String name, String instructions) {
        return new AgentSpec(name, null, null, instructions, null, null, null, null);
    }

    /** A spec using every part of the definition, JSON-valued fields included. */
    static AgentSpec fullSpec() {
        Map<String, String> blocks = new LinkedHashMap<>();
        blocks.put("persona", "You are terse.");
        blocks.put("human", "");
        LongTermSpec longTerm = new LongTermSpec(MemoryScope.USER, "support", List.of(LongTermSpec.Extract.FACTS),
                new LongTermSpec.Recall(3, 500));
        ObjectNode schema = Json.object().put("type", "object");
        schema.putObject("properties").putObject("city").put("type", "string");
        schema.putArray("required").add("city");
        ObjectNode http = Json.object().put("url", "http://127.0.0.1:8080/weather").put("method", "POST");
        ToolEntry declared = new ToolEntry(null, "weather", "Looks up the weather", "require_approval", true,
                "http", http, schema);
        return new AgentSpec("helper", "Helps", "fast", "Be useful.", new MemorySpec(blocks, longTerm),
                List.of(ToolEntry.builtin("memory"), declared), new Limits(7, 10_000, "90s"), OnBusy.INTERRUPT);
    }

    @Test
    void versionsStartAtOneAndGrowWithoutGaps() {
        AgentVersion first = agents().put(TENANT, spec("helper", "one"));
        clock.advance(Duration.ofSeconds(1));
        AgentVersion second = agents().put(TENANT, spec("helper", "two"));

        assertThat(first.version()).isEqualTo(1);
        assertThat(first.createdAt()).isEqualTo(START);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.createdAt()).isEqualTo(clock.instant());
        assertThat(agents().versions(TENANT, "helper")).containsExactly(first, second);
        assertThat(agents().latest(TENANT, "helper")).contains(second);
        assertThat(agents().version(TENANT, "helper", 1)).contains(first);
        assertThat(agents().version(TENANT, "helper", 3)).isEmpty();
    }

    @Test
    void anUnchangedSpecKeepsTheLatestVersion() {
        agents().put(TENANT, spec("helper", "one"));
        AgentVersion second = agents().put(TENANT, spec("helper", "two"));
        clock.advance(Duration.ofSeconds(1));

        AgentVersion again = agents().put(TENANT, spec("helper", "two"));

        assertThat(again).isEqualTo(second);
        assertThat(agents().versions(TENANT, "helper")).extracting(AgentVersion::version).containsExactly(1, 2);
        assertThat(agents().put(TENANT, spec("helper", "one")).version()).isEqualTo(3);
    }

    @Test
    void aFullSpecRoundTripsAndIsUnchangedWhenPutAgain() {
        AgentVersion stored = agents().put(TENANT, fullSpec());

        assertThat(agents().latest(TENANT, "helper")).contains(stored);
        assertThat(agents().latest(TENANT, "helper").orElseThrow().spec()).isEqualTo(fullSpec());
        assertThat(agents().put(TENANT, fullSpec())).isEqualTo(stored);
    }

    @Test
    void listShowsTheLatestVersionOfEachOfTheTenantsAgents() {
        agents().put(TENANT, spec("helper", "one"));
        agents().put(TENANT, spec("helper", "two"));
        agents().put(TENANT, spec("coder", "one"));
        agents().put(OTHER_TENANT, spec("writer", "one"));

        assertThat(agents().list(TENANT)).extracting(AgentVersion::name, AgentVersion::version)
                .containsExactlyInAnyOrder(tuple("helper", 2),
                        tuple("coder", 1));
    }

    @Test
    void tenantsVersionTheirAgentsApart() {
        agents().put(TENANT, spec("helper", "one"));
        agents().put(TENANT, spec("helper", "two"));

        assertThat(agents().put(OTHER_TENANT, spec("helper", "two")).version()).isEqualTo(1);
        assertThat(agents().latest(OTHER_TENANT, "helper")).map(AgentVersion::version).contains(1);
        assertThat(agents().versions("tenant_c", "helper")).isEmpty();
        assertThat(agents().latest("tenant_c", "helper")).isEmpty();
    }

    @Test
    void agentsSurviveReopen() {
        AgentVersion stored = agents().put(TENANT, fullSpec());

        reopenStore();

        assertThat(agents().versions(TENANT, "helper")).containsExactly(stored);
    }
}
