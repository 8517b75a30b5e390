package dev.cairn.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.process.SessionAudit.ResumePoint;
import dev.cairn.server.process.SessionAudit.RunTrail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantees 1-3 under repeated SIGKILL of a real server process. Clients post messages to a few
 * sessions; each message has the agent call, in parallel, a non-idempotent {@code charge} and an
 * idempotent {@code record} on a local service with side effects (answers take 0-150 ms), after a
 * model call of 0-120 ms. The server, on a 1 s lease, is killed at random moments (and now and
 * then while it starts up), and started again on the same data folder, over thirty times; then it
 * is left to finish every run. The log and the service's record of requests must then show:
 * every acknowledged message stored exactly once; gapless sequences; every run ended, once; no
 * charge made twice (per idempotency key, and per message even under another key); every charge
 * the log reports completed made, and every charge made accounted for in the log; every
 * {@code record} call, however often repeated, made with its call's one key; a non-idempotent call
 * whose outcome was lost reported as {@code tool.outcome_unknown}, never repeated.
 *
 * <p>Real time passes here (about a minute and a half): each start of the server takes one to two
 * seconds.
 */
class FaultInjectionIT {

    private static final String KEY = "cairn_sk_fault_injection_key_0123456789";
    private static final String AGENT = "payer";
    private static final String LEASE = "1s";
    private static final int KILLS = 32;
    private static final int KILL_DURING_START_UP_EVERY = 6;
    private static final int SESSIONS = 6;
    private static final int CLIENTS = 3;
    private static final int MAX_CLIENT_PAUSE_MILLIS = 250;
    private static final int MAX_TOOL_DELAY_MILLIS = 150;
    private static final int MAX_MODEL_DELAY_MILLIS = 120;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(120);

    @TempDir
    Path folder;

    private final List<String> serverErrors = new ArrayList<>();
    private final List<ServerProcess> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() throws InterruptedException {
        for (ServerProcess server : started) {
            server.close();
        }
    }

    @Test
    void repeatedKillNineLosesNoMessageAndRepeatsNoSideEffect() throws Exception {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        long began = System.nanoTime();
        try (SideEffectServer service = SideEffectServer.start(MAX_TOOL_DELAY_MILLIS)) {
            ServerProcess server = start();
            ServerApi api = new ServerApi(server.baseUrl(START), KEY);
            api.applyAgent(service.agentYaml(AGENT));
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(api.createSession(AGENT));
            }
            MessageTraffic traffic = MessageTraffic.start(sessions, CLIENTS, MAX_CLIENT_PAUSE_MILLIS,
                    FaultInjectionIT::message, random.split());
            int killsDuringStartUp;
            try (traffic) {
                traffic.target(api);
                killsDuringStartUp = killRepeatedly(server, traffic, random);
            }
            try (ServerProcess last = start()) {
                api = new ServerApi(last.baseUrl(START), KEY);
                CrashGuarantees.awaitNoOpenRuns(api, SETTLE);
                List<SessionAudit> audits = new ArrayList<>();
                for (String session : sessions) {
                    audits.add(SessionAudit.of(session, api.events(session)));
                }
                assertThat(traffic.refused()).as("answers other than 2xx").isEmpty();
                CrashGuarantees.assertEveryAcknowledgedMessageIsStoredOnce(audits, traffic);
                CrashGuarantees.assertEveryRunEndedOnce(audits);
                CrashGuarantees.assertNoChargeTwiceAndEveryChargeAccountedFor(audits, service);
                CrashGuarantees.assertRecordCallsRepeatOnlyWithTheirKey(audits, service);
                last.kill();
                serverErrors.addAll(errors(last.output()));
                assertThat(serverErrors).as("errors the server logged").isEmpty();
                report(seed, began, killsDuringStartUp, traffic, audits, service);
            }
        }
    }

    /**
     * Kills the server at random moments and starts it again, {@link #KILLS} times in all, pointing
     * the traffic at each new process once it serves; answers how many kills came before serving.
     */
    private int killRepeatedly(ServerProcess first, MessageTraffic traffic, SplittableRandom random) throws Exception {
        int killsDuringStartUp = 0;
        ServerProcess server = first;
        for (int kill = 1; kill <= KILLS; kill++) {
            if (kill > 1) {
                server = start();
                if (kill % KILL_DURING_START_UP_EVERY == 0) {
                    Thread.sleep(random.nextInt(200, 1500));
                    killsDuringStartUp += server.serving() ? 0 : 1;
                    kill(server);
                    continue;
                }
                traffic.target(new ServerApi(server.baseUrl(START), KEY));
            }
            Thread.sleep(random.nextInt(100, 1500));
            traffic.target(null);
            kill(server);
        }
        return killsDuringStartUp;
    }

    private static String message(long number, SplittableRandom random) {
        return "/sleep " + random.nextInt(MAX_MODEL_DELAY_MILLIS + 1) + "\n"
                + "/call charge {\"ref\":\"c" + number + "\",\"amount\":" + random.nextInt(1, 100) + "}\n"
                + "/call record {\"ref\":\"r" + number + "\"}\n"
                + "order " + number;
    }

    private ServerProcess start() throws Exception {
        ServerProcess server = ServerProcess.start(folder, Map.of("CAIRN_ADMIN_KEY", KEY, "CAIRN_LEASE", LEASE, "CAIRN_EGRESS_DEFAULT", "127.0.0.1"),
                "serve", "--port", "0", "--data", "data");
        started.add(server);
        return server;
    }

    private void kill(ServerProcess server) throws InterruptedException {
        server.kill();
        serverErrors.addAll(errors(server.output()));
    }

    private static List<String> errors(List<String> output) {
        return output.stream().filter(line -> line.contains(" ERROR ") || line.contains("Exception")).toList();
    }

    private static void report(long seed, long began, int killsDuringStartUp, MessageTraffic traffic,
                               List<SessionAudit> audits, SideEffectServer service) {
        List<RunTrail> runs = audits.stream().flatMap(audit -> audit.runs().values().stream()).toList();
        List<ResumePoint> resumes = audits.stream().flatMap(audit -> audit.resumePoints().stream()).toList();
        long outcomeUnknown = CrashGuarantees.calls(audits, SideEffectServer.CHARGE).stream().filter(call -> !call.outcomeUnknownKeys.isEmpty())
                .count();
        long repeatedRecords = service.countsByKey(SideEffectServer.RECORD).values().stream().filter(count -> count > 1).count();
        System.out.printf("fault injection (seed %d): %d kills (%d during start-up), %d messages acknowledged, %d unanswered;"
                        + " %d runs, %d resumed (%d resumes: %d at a model step, %d during tool calls);"
                        + " %d charges made, %d tool.outcome_unknown; %d record calls repeated with their key; %.1f s%n",
                seed, KILLS, killsDuringStartUp, traffic.acknowledgedCount(), traffic.unanswered(), runs.size(),
                runs.stream().filter(run -> !run.resumes().isEmpty()).count(), resumes.size(),
                resumes.stream().filter(point -> point == ResumePoint.MODEL_STEP).count(),
                resumes.stream().filter(point -> point == ResumePoint.TOOL_CALLS).count(),
                service.received(SideEffectServer.CHARGE).size(), outcomeUnknown, repeatedRecords,
                (System.nanoTime() - began) / 1e9);
    }
}
