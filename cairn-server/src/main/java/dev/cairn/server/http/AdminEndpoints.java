package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.Role;
import dev.cairn.core.store.TenantStore;
import dev.cairn.server.auth.ApiKeys;
import dev.cairn.server.auth.IssuedKey;

/**
 * {@code /v1/tenants} and {@code /v1/keys}, for admins: make tenants and issue keys. A new key is
 * shown in the answer that makes it and never again.
 */
final class AdminEndpoints {

    private final ApiKeys keys;
    private final TenantStore tenants;

    AdminEndpoints(ApiKeys keys, TenantStore tenants) {
        this.keys = keys;
        this.tenants = tenants;
    }

    void register(ApiRouter router) {
        router.post("/v1/tenants", Role.ADMIN, this::createTenant)
                .get("/v1/tenants", Role.ADMIN, this::listTenants)
                .post("/v1/keys", Role.ADMIN, this::issueKey)
                .get("/v1/keys", Role.ADMIN, this::listKeys);
    }

    private void createTenant(Call call) {
        JsonFields body = call.json("name");
        call.reply(201, Wire.tenant(keys.createTenant(body.requiredText("name"))));
    }

    private void listTenants(Call call) {
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("tenants");
        tenants.tenants().forEach(tenant -> list.add(Wire.tenant(tenant)));
        call.reply(200, answer);
    }

    private void issueKey(Call call) {
        JsonFields body = call.json("tenant_id", "role", "name");
        String tenantId = body.text("tenant_id");
        Role role = role(body.requiredText("role"));
        IssuedKey issued = keys.issue(tenantId == null ? call.tenantId() : tenantId, role, body.text("name"));
        ObjectNode answer = Wire.key(issued.record());
        answer.put("key", issued.key());
        call.reply(201, answer);
    }

    private void listKeys(Call call) {
        String tenantId = call.query("tenant_id").filter(text -> !text.isBlank()).orElse(call.tenantId());
        tenants.findTenant(tenantId).orElseThrow(() -> new NotFoundException("tenant", tenantId));
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("keys");
        tenants.keys(tenantId).forEach(key -> list.add(Wire.key(key)));
        call.reply(200, answer);
    }

    private static Role role(String text) {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("'role' " + e.getMessage().substring("role ".length()));
        }
    }
}
