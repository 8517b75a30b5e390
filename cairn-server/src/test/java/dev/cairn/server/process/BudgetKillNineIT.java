package dev.cairn.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.LedgerChain;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.store.sqlite.SqliteStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A budget's spend with a real server process: after the process is killed with SIGKILL in the
 * middle of runs and started again, what was spent is still counted (the budget still refuses)
 * and the dead process's reservations have lapsed.
 */
class BudgetKillNineIT {

    private static final String KEY = "cairn_sk_budget_kill_nine_key_0123456789";
    private static final long LIMIT = 6_000;
    private static final Pattern REFUSAL = Pattern.compile(
            "spent (\\d+) tokens \\+ reserved by calls in flight (\\d+) \\+ this call up to (\\d+) > limit (\\d+) tokens");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    @Test
    void theSpendOfAKilledServerStillCountsAndItsReservationsLapse() throws Exception {
        Path config = Files.writeString(folder.resolve("cairn.yaml"), """
                budgets: [{name: tenant-tokens, scope: tenant, period: total, max_tokens: %d}]
                budget_reservation_hold: 1s
                """.formatted(LIMIT));
        Map<String, String> environment = Map.of("CAIRN_ADMIN_KEY", KEY);
        String[] serve = {"serve", "--port", "0", "--data", "data", "--config", config.toString()};
        try (ServerProcess first = ServerProcess.start(folder, environment, serve)) {
            String base = first.baseUrl(Duration.ofSeconds(60));
            call(base, "POST", "/v1/agents", "{\"name\":\"a\"}");
            AtomicBoolean refused = new AtomicBoolean();
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int s = 0; s < 4; s++) {
                    senders.submit(() -> send(base, refused));
                }
                for (int i = 0; i < 1_200 && !refused.get(); i++) {
                    Thread.sleep(50);
                }
                first.kill();
                refused.set(true);
            }
        }

        Instant restarted = Instant.now();
        try (ServerProcess second = ServerProcess.start(folder, environment, serve)) {
            String base = second.baseUrl(Duration.ofSeconds(60));
            Thread.sleep(1_100); // the killed process's reservations lapse
            JsonNode run = runOf(base, question(0));
            for (int n = 1; n < 10 && run.path("state").asText().equals("completed"); n++) {
                run = runOf(base, question(n));
            }

            assertThat(run.path("state").asText()).isEqualTo("failed");
            assertThat(run.path("failure").path("reason").asText()).isEqualTo("budget_exhausted");
            Matcher numbers = REFUSAL.matcher(run.path("failure").path("message").asText());
            assertThat(numbers.find()).as(run.path("failure").path("message").asText()).isTrue();
            long spent = Long.parseLong(numbers.group(1));
            assertThat(Long.parseLong(numbers.group(2))).isZero();
            assertThat(Long.parseLong(numbers.group(3))).isLessThanOrEqualTo(LIMIT);
            assertThat(spent).isEqualTo(ledgerTokensAfterStop(second, restarted));
        }
    }

    private static String question(int n) {
        return "/sleep 30\nplease summarise item " + n + ": " + "the quick brown fox ".repeat(40);
    }

    /** Stops the server and sums the ledger's tokens from its database, checking the chain on the way. */
    private long ledgerTokensAfterStop(ServerProcess server, Instant restarted) throws Exception {
        server.close();
        List<LedgerEntry> entries = new ArrayList<>();
        try (SqliteStore store = SqliteStore.open(folder.resolve("data/cairn.db"), Clock.systemUTC())) {
            store.ledger().scan(0, null, null, entries::add);
        }
        assertThat(entries).isNotEmpty().allSatisfy(entry -> assertThat(LedgerChain.intact(entry)).isTrue());
        long tokens = entries.stream().mapToLong(entry -> entry.call().totalTokens()).sum();
        assertThat(entries.stream().filter(entry -> entry.time().isBefore(restarted))
                .mapToLong(entry -> entry.call().totalTokens()).sum()).as("spent before the kill").isPositive();
        assertThat(tokens).isLessThanOrEqualTo(LIMIT);
        return tokens;
    }

    /** Posts messages to new sessions until a run fails for the budget (or the server is gone). */
    private void send(String base, AtomicBoolean refused) {
        for (int n = 0; !refused.get() && n < 1_000; n++) {
            try {
                JsonNode run = runOf(base, question(n));
                if ("budget_exhausted".equals(run.path("failure").path("reason").asText())) {
                    refused.set(true);
                }
            } catch (Exception | AssertionError e) {
                return; // the server is gone
            }
        }
    }

    private JsonNode runOf(String base, String content) throws Exception {
        String session = call(base, "POST", "/v1/sessions", "{\"agent\":\"a\"}").path("id").asText();
        String runId = call(base, "POST", "/v1/sessions/" + session + "/messages",
                Json.object().put("content", content).toString()).path("run").path("id").asText();
        for (int i = 0; i < 600; i++) {
            JsonNode run = call(base, "GET", "/v1/runs/" + runId, null);
            String state = run.path("state").asText();
            if (!state.equals("running") && !state.equals("queued")) {
                return run;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("run " + runId + " did not end");
    }

    private JsonNode call(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + KEY);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return Json.parse(response.body());
    }
}
