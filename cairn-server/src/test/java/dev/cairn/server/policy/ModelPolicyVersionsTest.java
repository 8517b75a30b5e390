package dev.cairn.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ValidationException;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.PolicyDecision;
import dev.cairn.core.gateway.policy.StoredModelPolicy;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.store.PolicyStore;
import dev.cairn.core.store.PolicyVersion;
import dev.cairn.server.config.CairnConfig;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.store.sqlite.SqliteStore;
import dev.cairn.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy in force is the latest stored version: a configuration stored at start only when it
 * changed, a version stored by another process taken up within the refresh interval, and every
 * past version still answerable for verification.
 */
class ModelPolicyVersionsTest {

    private static final Duration REFRESH = Duration.ofMillis(500);
    private static final Set<String> PROVIDERS = Set.of("scripted", "azure-eu");
    private static final CallSubject SUBJECT = new CallSubject("acme", "helper", 1, "ses_1", "run_1", "u1", "confidential",
            1, ChatRequest.Purpose.ANSWER);
    private static final CallTarget OPENAI = new CallTarget("default", "openai", "gpt-4o", "", "");

    private static final String EU_ONLY = """
            providers: [{name: azure-eu, type: scripted}]
            policies:
              - {name: eu-only, match: {model: "gpt-*", classification: confidential}, require_provider: [azure-eu]}
            """;
    private static final String NO_RULES = "providers: [{name: azure-eu, type: scripted}]\n";

    @TempDir
    Path folder;

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-05T10:00:00Z"));
    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(folder.resolve("cairn.db"), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private CairnConfig config(String yaml) throws Exception {
        Path file = Files.writeString(folder.resolve("cairn.yaml"), yaml);
        return ConfigLoader.create(Map.of()).load(new ConfigLoader.Overrides(file, null, null, null));
    }

    /** What the server does at start: a policy over the store, and the configured document installed. */
    private StoredModelPolicy start(SqliteStore on, CairnConfig config) {
        StoredModelPolicy policy = StoredModelPolicy.create(on.policies(), PROVIDERS, clock, REFRESH);
        policy.install(config.policies().document(), config.policies().source());
        return policy;
    }

    @Test
    void startingTwiceWithOneConfigurationStoresOneVersionAndAChangeStoresAnother() throws Exception {
        start(store, config(EU_ONLY));
        StoredModelPolicy again = start(store, config(EU_ONLY));

        assertThat(store.policies().versions()).hasSize(1);
        assertThat(again.inForce().version()).isEqualTo(1);
        assertThat(again.inForce().source()).isEqualTo("config:" + folder.resolve("cairn.yaml").toAbsolutePath());
        assertThat(again.inForce().sha256()).isEqualTo(PolicyVersion.sha256Of(store.policies().latest().orElseThrow()
                .document()));
        assertThat(again.decide(SUBJECT, OPENAI).allowed()).isFalse();

        StoredModelPolicy changed = start(store, config(NO_RULES));

        assertThat(store.policies().versions()).extracting(PolicyVersion::version).containsExactly(1L, 2L);
        PolicyDecision now = changed.decide(SUBJECT, OPENAI);
        assertThat(now.allowed()).isTrue();
        assertThat(now.version()).isEqualTo(2);
        assertThat(now.rule()).isEqualTo("default");
    }

    @Test
    void aVersionStoredThroughAnotherStoreHandleIsInForceWithinTheRefreshInterval() throws Exception {
        StoredModelPolicy here = start(store, config(NO_RULES));
        assertThat(here.decide(SUBJECT, OPENAI).allowed()).isTrue();

        try (SqliteStore otherProcess = SqliteStore.open(folder.resolve("cairn.db"), clock)) {
            StoredModelPolicy there = start(otherProcess, config(EU_ONLY));
            assertThat(there.decide(SUBJECT, OPENAI).allowed()).isFalse();

            clock.advance(REFRESH.minusMillis(1));
            assertThat(here.decide(SUBJECT, OPENAI).version()).as("still the cached version").isEqualTo(1);
            clock.advance(Duration.ofMillis(1));
            PolicyDecision refreshed = here.decide(SUBJECT, OPENAI);
            assertThat(refreshed.version()).isEqualTo(2);
            assertThat(refreshed.allowed()).isFalse();
            assertThat(refreshed.rule()).isEqualTo("eu-only");
            assertThat(refreshed.message()).isEqualTo("rule eu-only requires provider azure-eu; target openai/gpt-4o is not");
        }
    }

    @Test
    void decideAtAnswersWithThePolicyOfThatVersionAndRefusesAnUnknownOne() throws Exception {
        StoredModelPolicy policy = start(store, config(EU_ONLY));
        start(store, config(NO_RULES));

        PolicyDecision atOne = policy.decideAt(1, SUBJECT, OPENAI);
        assertThat(atOne.allowed()).isFalse();
        assertThat(atOne.version()).isEqualTo(1);
        assertThat(atOne.rule()).isEqualTo("eu-only");
        PolicyDecision atTwo = policy.decideAt(2, SUBJECT, OPENAI);
        assertThat(atTwo.allowed()).isTrue();
        assertThat(atTwo.version()).isEqualTo(2);
        assertThat(policy.decideAt(0, SUBJECT, OPENAI).allowed()).as("before any version was stored").isTrue();
        assertThatThrownBy(() -> policy.decideAt(3, SUBJECT, OPENAI))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy version 3 is not stored (the latest is 2)");
        assertThatThrownBy(() -> policy.decideAt(-1, SUBJECT, OPENAI)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBadDocumentPutThroughThePolicyStoresNothing() throws Exception {
        StoredModelPolicy policy = start(store, config(EU_ONLY));

        assertThatThrownBy(() -> policy.put(Json.yaml().readTree("rules: [{name: x, require_provider: [nowhere]}]"),
                "api:key_1"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("rules[0] 'x': require_provider names 'nowhere'");
        assertThat(store.policies().versions()).hasSize(1);

        PolicyStore.Written written = policy.put(Json.yaml().readTree("default: deny"), "api:key_1");
        assertThat(written.created()).isTrue();
        assertThat(written.version().source()).isEqualTo("api:key_1");
        assertThat(policy.decide(SUBJECT, new CallTarget("default", "azure-eu", "gpt-4o", "", "")).allowed())
                .as("in force here at once").isFalse();
    }
}
