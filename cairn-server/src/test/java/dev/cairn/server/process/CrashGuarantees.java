package dev.cairn.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.process.SessionAudit.CallTrail;
import dev.cairn.server.process.SessionAudit.RunTrail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * The crash guarantees as the process-level tests check them on the logs of {@link SessionAudit}
 * and the requests a {@link SideEffectServer} received: every acknowledged message stored once in
 * a gapless log, every run completed once, no charge made twice and every charge accounted for,
 * idempotent calls repeated only with their own key.
 */
final class CrashGuarantees {

    private CrashGuarantees() {
    }

    static void awaitNoOpenRuns(ServerApi api, Duration settle) throws Exception {
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            List<String> open = new ArrayList<>(api.runIds("queued"));
            open.addAll(api.runIds("running"));
            if (open.isEmpty()) {
                return;
            }
            assertThat(System.nanoTime()).as("runs still open after %s: %s", settle, open).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static void assertEveryAcknowledgedMessageIsStoredOnce(List<SessionAudit> audits, MessageTraffic traffic) {
        for (SessionAudit audit : audits) {
            assertThat(audit.sequenceNumbers()).as("session %s: gapless sequence numbers", audit.sessionId())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, audit.sequenceNumbers().size()).boxed().toList());
            assertThat(audit.userMessages()).as("session %s: each message once", audit.sessionId()).doesNotHaveDuplicates()
                    .containsAll(traffic.acknowledged().get(audit.sessionId()));
        }
    }

    static void assertEveryRunEndedOnce(List<SessionAudit> audits) {
        for (SessionAudit audit : audits) {
            assertThat(audit.runs()).as("session %s: a run for each message", audit.sessionId())
                    .hasSize(audit.userMessages().size());
            for (RunTrail run : audit.runs().values()) {
                List<String> lifecycle = run.lifecycle();
                assertThat(lifecycle).as("run %s", run.runId()).startsWith("run.queued", "run.started");
                assertThat(lifecycle.stream().filter(SessionAudit.TERMINAL::contains)).as("run %s ends once", run.runId())
                        .hasSize(1);
                assertThat(lifecycle.getLast()).as("run %s: nothing after its end", run.runId()).isEqualTo(run.terminal());
                assertThat(run.terminal()).as("run %s", run.runId()).isEqualTo("run.completed");
                assertThat(lifecycle.subList(2, lifecycle.size() - 1)).as("run %s: between start and end", run.runId())
                        .allSatisfy(type -> assertThat(type).isEqualTo("run.resumed"));
            }
        }
    }

    static void assertNoChargeTwiceAndEveryChargeAccountedFor(List<SessionAudit> audits, SideEffectServer service) {
        Map<String, Integer> chargesByKey = service.countsByKey(SideEffectServer.CHARGE);
        assertThat(chargesByKey.entrySet().stream().filter(charges -> charges.getValue() > 1).toList())
                .as("idempotency keys charged more than once").isEmpty();
        assertThat(service.keysByRef(SideEffectServer.CHARGE).entrySet().stream().filter(keys -> keys.getValue().size() > 1)
                .toList()).as("messages charged more than once, under different keys").isEmpty();
        Set<String> loggedKeys = new HashSet<>();
        for (CallTrail call : calls(audits, SideEffectServer.CHARGE)) {
            assertThat(call.requested).as("%s", call).isOne();
            assertThat(call.startedKeys).as("%s", call).hasSize(1);
            assertThat(call.results).as("%s: one result", call).hasSize(1);
            loggedKeys.add(call.key());
            if (call.completed()) {
                assertThat(call.resultText()).as("%s", call).isEqualTo(SideEffectServer.answer(call.tool, call.ref, call.key()));
                assertThat(chargesByKey).as("%s: the service saw it", call).containsKey(call.key());
                assertThat(call.outcomeUnknownKeys).as("%s", call).isEmpty();
            } else {
                assertThat(call.outcomeUnknownKeys).as("%s: a failed charge failed for want of its outcome", call)
                        .containsExactly(call.key());
            }
        }
        assertThat(loggedKeys).as("every charge the service saw was started in a log").containsAll(chargesByKey.keySet());
    }

    static void assertRecordCallsRepeatOnlyWithTheirKey(List<SessionAudit> audits, SideEffectServer service) {
        Map<String, Set<String>> keysByRef = service.keysByRef(SideEffectServer.RECORD);
        List<CallTrail> records = calls(audits, SideEffectServer.RECORD);
        for (CallTrail call : records) {
            assertThat(call.requested).as("%s", call).isOne();
            assertThat(call.startedKeys).as("%s", call).hasSize(1);
            assertThat(call.outcomeUnknownKeys).as("%s: an idempotent call is repeated, not given up", call).isEmpty();
            assertThat(call.results).as("%s: one result", call).hasSize(1);
            assertThat(call.completed()).as("%s", call).isTrue();
            assertThat(call.resultText()).as("%s", call).isEqualTo(SideEffectServer.answer(call.tool, call.ref, call.key()));
            assertThat(keysByRef.get(call.ref)).as("%s: every request for it carried its key", call).containsExactly(call.key());
        }
        assertThat(records.stream().map(call -> call.ref).toList()).as("the service saw no record call absent from the logs")
                .containsAll(keysByRef.keySet());
    }

    static List<CallTrail> calls(List<SessionAudit> audits, String tool) {
        return audits.stream().flatMap(audit -> audit.calls().stream()).filter(call -> call.tool.equals(tool)).toList();
    }
}
