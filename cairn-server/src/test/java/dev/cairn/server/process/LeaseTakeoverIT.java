package dev.cairn.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 2 with two real server processes on one data folder. Process A executes a run whose
 * model call is slow; A is paused (SIGSTOP) past its 1 s lease; process B, started on the same
 * folder meanwhile, resumes the run under a new fencing token and completes it, charging once.
 * When A wakes (SIGCONT) its model call returns and its append is refused: A logs that it lost
 * the lease, and nothing A did reaches the log. Each process has its own scripted provider
 * ({@code node-a}, {@code node-b}), so every model event in the log names the process that wrote
 * it. Real time passes here: two server starts and a few seconds of leases and model calls.
 */
class LeaseTakeoverIT {

    private static final String KEY = "cairn_sk_lease_takeover_key_0123456789";
    private static final String AGENT = "payer";
    private static final long MODEL_MILLIS = 2_000;
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration START = Duration.ofSeconds(60);
    private static final int SQLITE_BUSY = 5;

    @TempDir
    Path folder;

    @Test
    void aServerPausedPastItsLeaseIsFencedAndWritesNothingAfterTheTakeover() throws Exception {
        Path database = folder.resolve("data/cairn.db");
        try (SideEffectServer service = SideEffectServer.start(0);
             ServerProcess a = start("node-a")) {
            ServerApi apiA = new ServerApi(a.baseUrl(START), KEY);
            apiA.applyAgent(service.agentYaml(AGENT));
            String session = apiA.createSession(AGENT);
            apiA.postMessage(session, "/sleep " + MODEL_MILLIS + "\n/call charge {\"ref\":\"takeover\"}\norder 1");
            awaitEvents(apiA, session, events -> types(events).contains("run.started"));

            pauseOutsideAWrite(a, database);
            Lease leaseA = lease(database, session);
            List<JsonNode> takenOver;
            try (ServerProcess b = start("node-b")) {
                ServerApi apiB = new ServerApi(b.baseUrl(START), KEY);
                takenOver = awaitEvents(apiB, session, events -> types(events).contains("run.completed"));
                JsonNode resumed = only(takenOver, "run.resumed");
                assertThat(resumed.path("holder_id").asText()).as("the holder that resumed").isNotEqualTo(leaseA.holderId());
                assertThat(resumed.path("fencing_token").asLong()).as("the new holder's token").isEqualTo(leaseA.token() + 1);
                assertThat(createdAtMillis(resumed)).as("resumed once A's lease expired")
                        .isGreaterThanOrEqualTo(leaseA.expiresAtMillis());

                signal(a, "-CONT");
                awaitOutput(a, "stopped executing session " + session);
                assertThat(String.join("\n", a.output())).as("A's output")
                        .contains("carried fencing token " + leaseA.token() + " but the session's lease now has token "
                                + (leaseA.token() + 1));
                assertThat(a.alive()).as("A keeps serving").isTrue();
                Thread.sleep(LEASE.toMillis()); // A's scanner runs a few times: it must leave the session alone
                assertThat(apiA.events(session)).as("the log, read through A after it woke").isEqualTo(takenOver);
                assertThat(apiB.events(session)).as("the log, read through B after A woke").isEqualTo(takenOver);
            }
            assertTheRunCompletedOnceByB(takenOver, service);
            System.out.printf("A held the lease with token %d; B resumed with token %d; A said:%n%s%n", leaseA.token(),
                    only(takenOver, "run.resumed").path("fencing_token").asLong(), String.join("\n",
                            a.output().stream().filter(line -> line.contains("RunWorkers")).toList()));
        }
    }

    private static void assertTheRunCompletedOnceByB(List<JsonNode> log, SideEffectServer service) {
        List<String> types = types(log);
        int resumedAt = types.indexOf("run.resumed");
        assertThat(types.subList(types.indexOf("run.started"), types.size())).as("the run's events").containsExactly(
                "run.started", "run.resumed",
                "model.requested", "model.responded", "tool.requested", "tool.started", "tool.completed",
                "model.requested", "model.responded", "run.completed");
        assertThat(log.subList(resumedAt, log.size()).stream().filter(event -> event.has("provider")))
                .as("every model event after the takeover is B's").isNotEmpty()
                .allSatisfy(event -> assertThat(event.path("provider").asText()).isEqualTo("node-b"));
        assertThat(log.stream().filter(event -> event.path("provider").asText().equals("node-a")))
                .as("A's model events").isEmpty();
        String key = only(log, "tool.started").path("idempotency_key").asText();
        assertThat(service.received(SideEffectServer.CHARGE)).as("charges made")
                .containsExactly(new SideEffectServer.Received(SideEffectServer.CHARGE, "takeover", key));
        assertThat(only(log, "run.completed").path("output").asText())
                .isEqualTo("charge -> " + SideEffectServer.answer(SideEffectServer.CHARGE, "takeover", key));
    }

    /** Server {@code provider}: its own scripted provider behind the default route, a 1 s lease, INFO logs of runs. */
    private ServerProcess start(String provider) throws IOException {
        Path config = folder.resolve(provider + ".yaml");
        Files.writeString(config, """
                providers: [{name: %s, type: scripted}]
                routes: {default: {targets: [{provider: %s, model: scripted}]}}
                runs: {lease: %dms}
                """.formatted(provider, provider, LEASE.toMillis()));
        return ServerProcess.start(folder, Map.of("CAIRN_ADMIN_KEY", KEY, "CAIRN_EGRESS_DEFAULT", "127.0.0.1"),
                List.of("-Dorg.slf4j.simpleLogger.log.dev.cairn.core.runtime=info"),
                "serve", "--port", "0", "--data", "data", "--config", config.toString());
    }

    private static List<JsonNode> awaitEvents(ServerApi api, String session, Predicate<List<JsonNode>> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<JsonNode> events = api.events(session);
            if (until.test(events)) {
                return events;
            }
            if (System.nanoTime() > deadline) {
                fail("the log did not get there: %s", types(events));
            }
            Thread.sleep(20);
        }
    }

    private static void awaitOutput(ServerProcess server, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.output().stream().noneMatch(line -> line.contains(text))) {
            if (System.nanoTime() > deadline) {
                fail("the server did not say '%s':%n%s", text, String.join("\n", server.output()));
            }
            Thread.sleep(20);
        }
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(event -> event.path("type").asText()).toList();
    }

    private static JsonNode only(List<JsonNode> events, String type) {
        List<JsonNode> matching = events.stream().filter(event -> event.path("type").asText().equals(type)).toList();
        assertThat(matching).as("%s events", type).hasSize(1);
        return matching.getFirst();
    }

    /** A session's lease as the {@code leases} table holds it. */
    private record Lease(String holderId, long token, long expiresAtMillis) {
    }

    private static Lease lease(Path database, String session) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             PreparedStatement query = connection.prepareStatement(
                     "SELECT holder_id, token, expires_at FROM leases WHERE session_id = ?")) {
            query.setString(1, session);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("session %s has a lease", session).isTrue();
                return new Lease(row.getString(1), row.getLong(2), row.getLong(3));
            }
        }
    }

    private static long createdAtMillis(JsonNode event) {
        return Instant.parse(event.path("created_at").asText()).toEpochMilli();
    }

    /**
     * Stops the process at a moment it holds no write lock: a process stopped inside a write
     * transaction keeps SQLite's lock, and no other process could write until it woke.
     */
    private static void pauseOutsideAWrite(ServerProcess server, Path database) throws Exception {
        for (int attempt = 1; attempt <= 100; attempt++) {
            signal(server, "-STOP");
            awaitStopped(server);
            if (writeLockFree(database)) {
                return;
            }
            signal(server, "-CONT");
            Thread.sleep(attempt % 10);
        }
        fail("the server held the write lock every time it was stopped");
    }

    private static boolean writeLockFree(Path database) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            try {
                statement.execute("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                if ((e.getErrorCode() & 0xff) == SQLITE_BUSY) {
                    return false;
                }
                throw e;
            }
            statement.execute("ROLLBACK");
            return true;
        }
    }

    private static void signal(ServerProcess server, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(server.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill %s exit code", signal).isZero();
    }

    /** Waits until Linux reports the process stopped: kill returns once the signal is sent, not handled. */
    private static void awaitStopped(ServerProcess server) throws IOException, InterruptedException {
        Path stat = Path.of("/proc", String.valueOf(server.pid()), "stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = Files.readString(stat);
            if (line.charAt(line.lastIndexOf(')') + 2) == 'T') {
                return;
            }
            Thread.sleep(1);
        }
        fail("the server did not stop");
    }
}
