package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.NotFoundException;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.core.runtime.SessionState;
import dev.cairn.core.runtime.SweepReport;
import dev.cairn.core.store.DutyLock;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.store.sqlite.SqliteStore;
import dev.cairn.testing.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions idle past their agent's retention are archived to a file and leave the store; the file imports again. */
class RetentionTest {

    private static final String KEPT_30_DAYS = """
            name: helper
            memory: {blocks: {notes: ""}}
            tools: [{builtin: memory}]
            retention: {idle_days: 30}
            """;

    @TempDir
    Path folder;

    private final ManualClock clock = ManualClock.at(Instant.parse("2025-03-01T09:00:00Z"));

    private RuntimeFixture open(Duration sweepInterval) {
        return RuntimeFixture.in(folder).clock(clock).retentionInterval(sweepInterval).open();
    }

    private static RunView ask(RuntimeFixture fixture, String session, String content) throws InterruptedException {
        PostedMessage posted = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, content, null);
        return fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), Duration.ofSeconds(20));
    }

    private Path archiveOf(String session) {
        return folder.resolve("archive").resolve(session + ".jsonl.gz");
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anIdleSessionIsArchivedAndRemovedAnActiveOneIsKeptAndTheArchiveImportsBack() throws Exception {
        try (RuntimeFixture fixture = open(Duration.ofDays(365))) {
            fixture.agent(KEPT_30_DAYS);
            fixture.agent("{name: keeper}");
            String idle = fixture.session("helper");
            ask(fixture, idle, "/call memory {\"operation\":\"append\",\"label\":\"notes\",\"text\":\"likes tea\"}");
            String active = fixture.session("helper");
            String noRetention = fixture.session("keeper");
            SessionState before = fixture.runtime.state(RuntimeFixture.TENANT, idle);

            clock.advance(Duration.ofDays(29));
            ask(fixture, active, "still here");
            clock.advance(Duration.ofDays(2));
            SweepReport report = fixture.runtime.sweepRetention();

            assertThat(report.archived()).containsExactly(idle);
            assertThat(report.skipped()).isEmpty();
            assertThatThrownBy(() -> fixture.runtime.session(RuntimeFixture.TENANT, idle)).isInstanceOf(NotFoundException.class);
            assertThat(fixture.store.events().readAll(idle)).isEmpty();
            assertThat(fixture.store.runs().list(RuntimeFixture.TENANT, idle, null, 10)).isEmpty();
            assertThat(fixture.runtime.session(RuntimeFixture.TENANT, active)).isNotNull();
            assertThat(fixture.runtime.session(RuntimeFixture.TENANT, noRetention)).isNotNull();
            String archive = gunzip(archiveOf(idle));
            assertThat(archive.lines().findFirst().orElseThrow()).contains("\"kind\":\"session\"").contains(idle);
            assertThat(Files.list(folder.resolve("archive"))).containsExactly(archiveOf(idle));

            SessionRecord restored = fixture.runtime.importSession(RuntimeFixture.TENANT, archive);

            assertThat(restored.id()).isEqualTo(idle);
            SessionState after = fixture.runtime.state(RuntimeFixture.TENANT, idle);
            assertThat(after.session()).isEqualTo(before.session());
            assertThat(after.transcript()).isEqualTo(before.transcript());
            assertThat(after.memoryBlocks()).isEqualTo(before.memoryBlocks()).containsEntry("notes", "likes tea");
            assertThat(after.runs()).isEqualTo(before.runs());
            assertThat(after.lastSeq()).isEqualTo(before.lastSeq() + 1);
            assertThat(fixture.runtime.sweepRetention().archived()).as("an import counts as activity").isEmpty();
            assertThat(ask(fixture, idle, "welcome back").output()).isEqualTo("echo: welcome back");
        }
    }

    @Test
    void aSweepSkipsItsTurnWhileAnotherNodeOfTheStoreHoldsTheDuty() throws Exception {
        try (RuntimeFixture fixture = open(Duration.ofDays(365));
             SqliteStore otherNode = SqliteStore.open(fixture.database, clock)) {
            fixture.agent(KEPT_30_DAYS);
            String idle = fixture.session("helper");
            clock.advance(Duration.ofDays(31));

            try (DutyLock held = otherNode.exclusive("retention-sweep").orElseThrow()) {
                SweepReport skipped = fixture.runtime.sweepRetention();

                assertThat(skipped.archived()).isEmpty();
                assertThat(fixture.runtime.session(RuntimeFixture.TENANT, idle)).isNotNull();
                assertThat(Files.exists(archiveOf(idle))).isFalse();
            }

            assertThat(fixture.runtime.sweepRetention().archived()).containsExactly(idle);
            assertThat(otherNode.exclusive("retention-sweep")).as("given up after the sweep").isPresent();
        }
    }

    @Test
    void aSessionWithAnOpenRunIsNeverArchived() throws Exception {
        try (RuntimeFixture fixture = open(Duration.ofDays(365))) {
            fixture.agent(KEPT_30_DAYS);
            String busy = fixture.session("helper");
            PostedMessage posted = fixture.runtime.postMessage(RuntimeFixture.TENANT, busy, "/sleep 1500\nslow", null);

            clock.advance(Duration.ofDays(40));
            SweepReport report = fixture.runtime.sweepRetention();

            assertThat(report.archived()).isEmpty();
            assertThat(Files.exists(archiveOf(busy))).isFalse();
            RunView run = fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), Duration.ofSeconds(20));
            assertThat(run.state().terminal()).isTrue();
            assertThat(fixture.runtime.session(RuntimeFixture.TENANT, busy)).isNotNull();
        }
    }

    @Test
    void theScannerSweepsOnItsOwnOnceASweepIsDue() throws Exception {
        try (RuntimeFixture fixture = open(Duration.ofMinutes(5))) {
            fixture.agent(KEPT_30_DAYS);
            String idle = fixture.session("helper");
            assertThat(ask(fixture, idle, "hello").state()).isEqualTo(RunState.COMPLETED);

            clock.advance(Duration.ofDays(31));

            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (fixture.store.sessions().find(RuntimeFixture.TENANT, idle).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(fixture.store.sessions().find(RuntimeFixture.TENANT, idle)).isEmpty();
            assertThat(Files.exists(archiveOf(idle))).isTrue();
        }
    }
}
