package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.core.store.Role;
import dev.cairn.server.auth.ApiKeys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerApiTest extends ApiServerTest {

    private static LedgerEntry append(String tenantId, String agent, String model, long cost) {
        return fixture.store.ledger().append(new LedgerCall(LedgerCall.MODEL_CALL, tenantId, agent, 1, "ses_" + agent,
                "run_" + agent, "", "", 1, "answer", "default", "scripted", model, "", "", "", 0, "default", 10, 5, cost, 3, "ok"));
    }

    @Test
    void aTenantPagesThroughItsOwnEntriesAndAnAdminThroughEveryTenants() {
        String otherKey = fixture.otherTenantKey();
        String otherTenant = fixture.keys.authenticate(otherKey).tenantId();
        List<Long> own = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            own.add(append(ApiKeys.DEFAULT_TENANT, "pager", "m1", 100).seq());
            append(otherTenant, "pager", "m1", 7);
        }
        HttpApi operator = api.as(fixture.key(Role.OPERATOR));

        JsonNode first = operator.get("/v1/ledger?agent=pager&limit=2").expect(200).json();
        JsonNode second = operator.get("/v1/ledger?agent=pager&limit=2&after=" + first.get("next_after").asLong())
                .expect(200).json();

        assertThat(seqs(first)).containsExactlyElementsOf(own.subList(0, 2));
        assertThat(seqs(second)).containsExactly(own.get(2));
        assertThat(second.get("next_after").isNull()).isTrue();
        assertThat(first.get("entries").get(0).get("hash").asText()).hasSize(64);
        assertThat(first.get("entries").get(0).get("cost_micros").asLong()).isEqualTo(100);
        assertThat(seqs(api.as(otherKey).get("/v1/ledger?agent=pager").expect(200).json())).hasSize(3).doesNotContainAnyElementsOf(own);
        assertThat(seqs(api.get("/v1/ledger?agent=pager").expect(200).json())).hasSize(6);
        assertThat(seqs(api.get("/v1/ledger?agent=pager&tenant_id=" + otherTenant).expect(200).json())).hasSize(3);
        operator.get("/v1/ledger?tenant_id=" + otherTenant).error(403, "forbidden");
        api.as(fixture.key(Role.USER)).get("/v1/ledger").error(403, "forbidden");
    }

    @Test
    void usageIsGroupedByTenantAgentModelAndDay() {
        append(ApiKeys.DEFAULT_TENANT, "usage", "m1", 100);
        append(ApiKeys.DEFAULT_TENANT, "usage", "m1", 50);
        append(ApiKeys.DEFAULT_TENANT, "usage", "m2", 1);

        JsonNode usage = api.get("/v1/usage?agent=usage&from=2000-01-01&to=2999-12-31").expect(200).json().get("usage");

        assertThat(usage).hasSize(2);
        assertThat(usage.get(0).get("model").asText()).isEqualTo("m1");
        assertThat(usage.get(0).get("calls").asLong()).isEqualTo(2);
        assertThat(usage.get(0).get("tokens_in").asLong()).isEqualTo(20);
        assertThat(usage.get(0).get("cost_micros").asLong()).isEqualTo(150);
        assertThat(usage.get(1).get("model").asText()).isEqualTo("m2");
        assertThat(api.get("/v1/usage?agent=usage&to=2000-01-01").expect(200).json().get("usage")).isEmpty();
    }

    @Test
    void badFiltersAreNamed() {
        assertThat(api.get("/v1/ledger?from=yesterday").error(400, "invalid_request")).contains("'from'");
        assertThat(api.get("/v1/usage?from=2025-03-02&to=2025-03-01").error(400, "invalid_request")).contains("must be before");
        assertThat(api.get("/v1/ledger?limit=0").error(400, "invalid_request")).contains("'limit'");
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.get("entries").forEach(entry -> seqs.add(entry.get("seq").asLong()));
        return seqs;
    }
}
