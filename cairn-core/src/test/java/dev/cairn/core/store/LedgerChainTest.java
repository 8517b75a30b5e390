package dev.cairn.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerChainTest {

    private static final Instant TIME = Instant.parse("2025-03-01T09:00:00.123Z");
    private static final LedgerCall CALL = new LedgerCall(LedgerCall.MODEL_CALL, "acme", "helper", 2, "ses_1", "run_1",
            "user_1", "internal", 3, "answer", "default", "openai", "gpt-4o", "", "eu-west", "api.openai.com", 4, "eu-only",
            100, 20, 1234, 56, "ok");

    @Test
    void theCanonicalFormHasEveryFieldOnceWithKeysInAscendingOrderAndNoWhitespace() throws Exception {
        String canonical = new String(LedgerChain.canonical(7, TIME, CALL, LedgerChain.GENESIS), StandardCharsets.UTF_8);
        JsonNode parsed = Json.parse(canonical);
        List<String> keys = new ArrayList<>();
        parsed.fieldNames().forEachRemaining(keys::add);

        assertThat(keys).isSorted().hasSize(CALL.getClass().getRecordComponents().length + 3);
        assertThat(canonical).doesNotContain(" ").startsWith("{\"agent\":\"helper\",\"agent_version\":2,");
        assertThat(parsed.get("time").asLong()).isEqualTo(TIME.toEpochMilli());
        assertThat(parsed.get("prev_hash").asText()).isEqualTo(LedgerChain.GENESIS);
    }

    @Test
    void theHashChangesWithAnyFieldAndWithThePreviousHash() {
        String hash = LedgerChain.hash(7, TIME, CALL, LedgerChain.GENESIS);
        LedgerCall cheaper = new LedgerCall(CALL.kind(), CALL.tenantId(), CALL.agent(), CALL.agentVersion(), CALL.sessionId(),
                CALL.runId(), CALL.userId(), CALL.classification(), CALL.step(), CALL.purpose(), CALL.route(), CALL.provider(),
                CALL.model(), CALL.tool(), CALL.region(), CALL.endpointHost(), CALL.policyVersion(), CALL.policyRule(),
                CALL.tokensIn(), CALL.tokensOut(), CALL.costMicros() - 1, CALL.latencyMillis(), CALL.outcome());

        assertThat(hash).hasSize(64).matches("[0-9a-f]+").isEqualTo(LedgerChain.hash(7, TIME, CALL, LedgerChain.GENESIS));
        assertThat(LedgerChain.hash(8, TIME, CALL, LedgerChain.GENESIS)).isNotEqualTo(hash);
        assertThat(LedgerChain.hash(7, TIME.plusMillis(1), CALL, LedgerChain.GENESIS)).isNotEqualTo(hash);
        assertThat(LedgerChain.hash(7, TIME, cheaper, LedgerChain.GENESIS)).isNotEqualTo(hash);
        assertThat(LedgerChain.hash(7, TIME, CALL, "1".repeat(64))).isNotEqualTo(hash);
    }
}
