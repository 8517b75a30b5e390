package dev.cairn.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.testing.postgres.TestDatabase;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine's PostgreSQL stopped and started again under load, with two server processes on one
 * database: while it is down the nodes answer requests with a 503 naming the store, and
 * {@code /readyz} with a 503; once it is back each node's pool connects again without a restart of
 * the node, requests succeed, and every run goes on to completion. Every acknowledged message is
 * in its log once, logs are gapless, and no charge was made twice. Whatever happens, PostgreSQL is
 * left running. The test stops the machine's PostgreSQL, so it runs as a user allowed to
 * ({@code pg_ctlcluster}); every other test using PostgreSQL meanwhile sees the outage too.
 *
 * <p>Real time passes here (about half a minute): server starts, and a few seconds of outage.
 */
class PostgresRestartIT {

    private static final String KEY = "cairn_sk_postgres_restart_key_0123456789";
    private static final String AGENT = "payer";
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    /** Measured 0.1-3 s on a busy 2-core machine (the pool's connect timeout is 1 s); a node that never reconnects fails. */
    private static final Duration LONGEST_RECOVERY = Duration.ofSeconds(10);
    private static final int NODES = 2;
    private static final int SESSIONS = 6;
    private static final int CLIENTS = 3;
    private static final int MAX_CLIENT_PAUSE_MILLIS = 200;
    private static final int MAX_TOOL_DELAY_MILLIS = 100;
    private static final int MAX_MODEL_DELAY_MILLIS = 150;

    @TempDir
    Path folder;

    private TestDatabase database;
    private ClusterProcesses cluster;

    @AfterEach
    void stopNodesAndDropTheDatabase() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void nodesAnswer503DuringAnOutageAndRecoverWithoutLosingAnything() throws Exception {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        long began = System.nanoTime();
        database = TestDatabase.create("pgrestart");
        try (SideEffectServer service = SideEffectServer.start(MAX_TOOL_DELAY_MILLIS)) {
            // a short connect timeout: a request waits at most a second for a connection before its 503
            cluster = ClusterProcesses.start(folder, database.storeUrl() + "?connect-timeout=1s", NODES, KEY,
                    "runs: {lease: " + LEASE.toMillis() + "ms}", List.of());
            cluster.api(0).applyAgent(service.agentYaml(AGENT));
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(cluster.api(i % NODES).createSession(AGENT));
            }
            MessageTraffic traffic = MessageTraffic.start(sessions, CLIENTS, MAX_CLIENT_PAUSE_MILLIS,
                    PostgresRestartIT::message, random.split());
            List<Integer> readinessDuringOutage = new ArrayList<>();
            long recoveredMillis;
            long startedAfterMillis;
            int acknowledgedBefore;
            try (traffic) {
                traffic.targets(cluster.serving());
                awaitAcknowledged(traffic, 30);
                acknowledgedBefore = traffic.acknowledgedCount();
                long outageBegan = System.nanoTime();
                long started;
                try {
                    postgres("stop");
                    long outageEnds = System.nanoTime() + OUTAGE.toNanos();
                    while (System.nanoTime() < outageEnds) {
                        for (int node = 0; node < NODES; node++) {
                            readinessDuringOutage.add(cluster.api(node).answer("GET", "/readyz").statusCode());
                        }
                        Thread.sleep(200);
                    }
                } finally {
                    postgres("start");
                    started = System.nanoTime();
                }
                startedAfterMillis = TimeUnit.NANOSECONDS.toMillis(started - outageBegan);
                recoveredMillis = awaitEveryNodeAcknowledges(sessions.getFirst()) - TimeUnit.NANOSECONDS.toMillis(started);
                int acknowledgedAtRecovery = traffic.acknowledgedCount();
                awaitAcknowledged(traffic, acknowledgedAtRecovery + 30);
            }
            assertThat(readinessDuringOutage).as("/readyz during the outage").isNotEmpty().containsOnly(503);
            assertThat(recoveredMillis).as("ms from PostgreSQL's start until every node acknowledged a message")
                    .isLessThan(LONGEST_RECOVERY.toMillis());
            assertThat(traffic.refused()).as("answers during the outage").isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer).startsWith("503 ").contains("store_failed"));
            ServerApi api = cluster.api(0);
            CrashGuarantees.awaitNoOpenRuns(api, Duration.ofSeconds(60));
            List<SessionAudit> audits = new ArrayList<>();
            for (String session : sessions) {
                audits.add(SessionAudit.of(session, api.events(session)));
            }
            CrashGuarantees.assertEveryAcknowledgedMessageIsStoredOnce(audits, traffic);
            CrashGuarantees.assertEveryRunEndedOnce(audits);
            CrashGuarantees.assertNoChargeTwiceAndEveryChargeAccountedFor(audits, service);
            CrashGuarantees.assertRecordCallsRepeatOnlyWithTheirKey(audits, service);
            for (int node = 0; node < NODES; node++) {
                assertThat(cluster.node(node).alive()).as("node %d kept running", node).isTrue();
            }
            System.out.printf("postgres restart (seed %d): %d messages acknowledged (%d before the outage), %d refused,"
                            + " %d unanswered; %d runs; PostgreSQL stopped and started in %d ms, every node acknowledged again"
                            + " %d ms after it started; %.1f s%n", seed, traffic.acknowledgedCount(), acknowledgedBefore,
                    traffic.refused().size(), traffic.unanswered(), audits.stream().mapToInt(audit -> audit.runs().size()).sum(),
                    startedAfterMillis, recoveredMillis, (System.nanoTime() - began) / 1e9);
        } finally {
            ensurePostgresRuns();
        }
    }

    private static String message(long number, SplittableRandom random) {
        return "/sleep " + random.nextInt(MAX_MODEL_DELAY_MILLIS + 1) + "\n"
                + "/call charge {\"ref\":\"c" + number + "\",\"amount\":" + random.nextInt(1, 100) + "}\n"
                + "/call record {\"ref\":\"r" + number + "\"}\n"
                + "order " + number;
    }

    private static void awaitAcknowledged(MessageTraffic traffic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (traffic.acknowledgedCount() < count) {
            if (System.nanoTime() > deadline) {
                fail("only %d messages acknowledged in %s; refused: %s", traffic.acknowledgedCount(), RECOVERY,
                        traffic.refused());
            }
            Thread.sleep(20);
        }
    }

    /** Posts to every node until each acknowledges; answers when the last one did, in milliseconds of the nano clock. */
    private long awaitEveryNodeAcknowledges(String session) throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        for (int node = 0; node < NODES; node++) {
            while (true) {
                HttpResponse<String> response = cluster.api(node).postMessage(session, "after the outage, node " + node);
                if (response.statusCode() == 202) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    fail("node %d still answers %d %s %s after PostgreSQL started", node, response.statusCode(),
                            response.body(), RECOVERY);
                }
                Thread.sleep(50);
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    private static void postgres(String action) throws IOException, InterruptedException {
        Process control = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version(), "main", action)
                .redirectErrorStream(true).start();
        String output = new String(control.getInputStream().readAllBytes());
        if (!control.waitFor(60, TimeUnit.SECONDS) || control.exitValue() != 0) {
            throw new AssertionError("pg_ctlcluster " + action + " failed: " + output);
        }
    }

    /** Starts PostgreSQL when it is not running, whatever the test did. */
    private static void ensurePostgresRuns() throws IOException, InterruptedException {
        Process status = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version(), "main", "status")
                .redirectErrorStream(true).start();
        status.getInputStream().readAllBytes();
        if (status.waitFor() != 0) {
            postgres("start");
        }
    }

    private static String version() throws IOException {
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            return versions.map(path -> path.getFileName().toString()).sorted().reduce((first, second) -> second)
                    .orElseThrow(() -> new AssertionError("no PostgreSQL cluster under /etc/postgresql"));
        }
    }
}
