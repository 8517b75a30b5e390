package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.Role;
import dev.cairn.core.store.Store;
import io.helidon.http.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (the store can serve; with a line on
 * each part that may be degraded, such as the code sandbox) and {@code /metrics} (Prometheus
 * text, for admins: it counts across tenants).
 */
final class OpsEndpoints {

    static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/readyz");

    private final Store store;
    private final ApiMetrics metrics;
    private final Map<String, Supplier<String>> details;

    OpsEndpoints(Store store, ApiMetrics metrics, Map<String, Supplier<String>> details) {
        this.store = store;
        this.metrics = metrics;
        this.details = new TreeMap<>(details);
    }

    void register(ApiRouter router) {
        router.get("/healthz", null, call -> call.reply(200, status("ok")))
                .get("/readyz", null, this::ready)
                .get("/metrics", Role.ADMIN, this::metrics);
    }

    private void ready(Call call) {
        boolean ready;
        try {
            ready = store.ready();
        } catch (RuntimeException e) {
            ready = false;
        }
        if (ready) {
            ObjectNode answer = status("ready");
            if (!details.isEmpty()) {
                ObjectNode parts = answer.putObject("details");
                details.forEach((name, detail) -> parts.put(name, detail.get()));
            }
            call.reply(200, answer);
        } else {
            throw new HttpProblem(503, "not_ready", "the store is not ready to serve requests");
        }
    }

    private void metrics(Call call) {
        byte[] text = metrics.render(store).getBytes(StandardCharsets.UTF_8);
        call.response().header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        call.response().send(text);
    }

    private static ObjectNode status(String status) {
        ObjectNode node = Json.object();
        node.put("status", status);
        return node;
    }
}
