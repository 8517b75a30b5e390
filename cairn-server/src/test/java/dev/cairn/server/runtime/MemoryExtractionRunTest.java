package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryKind;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.MemoryStatus;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.BackgroundJobs;
import dev.cairn.core.runtime.MemoryExtractionJob;
import dev.cairn.core.store.JobRecord;
import dev.cairn.core.store.JobStatus;
import dev.cairn.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-term memory extraction after real runs: the job queued with a run's completion, executed by
 * the background job executor, with the scripted model answering the extraction deterministically.
 */
class MemoryExtractionRunTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String AGENT = """
            name: concierge
            instructions: Help the guest.
            memory: {long_term: {scope: user, extract: [facts, preferences, summary]}}
            """;
    private static final BackgroundJobs.Options JOBS = new BackgroundJobs.Options(Duration.ofMillis(20),
            Duration.ofMinutes(5), 1, 3, Duration.ofSeconds(1), Duration.ofSeconds(10));

    @TempDir
    Path folder;

    private static RunView ask(RuntimeFixture fixture, String session, String content) throws InterruptedException {
        RunView run = fixture.runtime.awaitRun(RuntimeFixture.TENANT,
                fixture.runtime.postMessage(RuntimeFixture.TENANT, session, content, null).run().id(), WAIT);
        assertThat(run.state()).as(run.failureMessage()).isEqualTo(RunState.COMPLETED);
        return run;
    }

    /** Executes every due job with the fixture's extraction, then returns the job of {@code runId}. */
    private static JobRecord extract(RuntimeFixture fixture, String runId) throws InterruptedException {
        try (BackgroundJobs jobs = BackgroundJobs.manual(fixture.store.jobs(),
                Map.of(MemoryExtractionJob.KIND, fixture.extraction()), Clock.systemUTC(), JOBS, "node_1", new SplittableRandom(3))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                jobs.pollOnce();
                JobRecord job = fixture.store.jobs().find(RuntimeFixture.TENANT, "extract_" + runId).orElseThrow();
                if ((job.status() == JobStatus.DONE || job.status() == JobStatus.FAILED) && jobs.idle()) {
                    return job;
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the extraction of run " + runId + " did not finish");
    }

    private static List<MemoryItem> memoriesOf(RuntimeFixture fixture, String userId) {
        return fixture.memory.list(new MemoryFilter(RuntimeFixture.TENANT, Set.of(MemoryOwner.user(userId)), ""), null, 100);
    }

    private static List<EventPayload.MemoryExtracted> extractions(RuntimeFixture fixture, String session) {
        return fixture.store.events().readAll(session).stream().map(Event::payload)
                .filter(EventPayload.MemoryExtracted.class::isInstance).map(EventPayload.MemoryExtracted.class::cast).toList();
    }

    @Test
    void aCompletedRunQueuesAnExtractionThatRemembersFactsPreferencesAndASummaryWithTheirSource() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).longTermMemory().open()) {
            fixture.agent(AGENT);
            String session = fixture.runtime.createSession(RuntimeFixture.TENANT, "concierge", "ada", null).id();

            RunView run = ask(fixture, session, "Hello. My dog is called Biscuit. I prefer short answers.");

            List<Event> log = fixture.store.events().readAll(session);
            int queued = indexOf(log, EventPayload.MemoryExtractionQueued.class);
            assertThat(queued).as("queued in the run's last batch, before its completion")
                    .isEqualTo(indexOf(log, EventPayload.RunCompleted.class) - 1);
            assertThat(fixture.store.jobs().find(RuntimeFixture.TENANT, "extract_" + run.id()).orElseThrow().status())
                    .isEqualTo(JobStatus.PENDING);
            long messageSeq = log.stream().filter(event -> event.payload() instanceof EventPayload.UserMessage)
                    .findFirst().orElseThrow().seq();

            assertThat(extract(fixture, run.id()).status()).isEqualTo(JobStatus.DONE);

            List<MemoryItem> memories = memoriesOf(fixture, "ada");
            assertThat(memories).extracting(MemoryItem::kind, MemoryItem::text).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(MemoryKind.FACT, "My dog is called Biscuit."),
                    org.assertj.core.groups.Tuple.tuple(MemoryKind.PREFERENCE, "I prefer short answers."),
                    org.assertj.core.groups.Tuple.tuple(MemoryKind.SUMMARY,
                            "Asked: Hello. My dog is called Biscuit. I prefer short answers. | Answered: echo: Hello. My dog is called Biscuit. I prefer short answers."));
            assertThat(memories).allSatisfy(item -> {
                assertThat(item.source().sessionId()).isEqualTo(session);
                assertThat(item.source().runId()).isEqualTo(run.id());
                assertThat(item.source().eventSeqs()).contains(messageSeq);
            });
            assertThat(extractions(fixture, session)).singleElement().satisfies(extracted -> {
                assertThat(extracted.jobId()).isEqualTo("extract_" + run.id());
                assertThat(extracted.provider()).isEqualTo("scripted");
                assertThat(extracted.usage().inputTokens()).isPositive();
                assertThat(extracted.changes()).extracting(EventPayload.ExtractionChange::action)
                        .containsExactly("added", "added", "added");
            });
            assertThat(memoriesOf(fixture, "bob")).as("another user's memory").isEmpty();
            assertThat(fixture.memory.search(new MemoryFilter(RuntimeFixture.TENANT, Set.of(MemoryOwner.user("ada")), ""),
                    "what is the name of my pet", 1)).singleElement()
                    .satisfies(match -> assertThat(match.item().text()).isEqualTo("My dog is called Biscuit."));
        }
    }

    @Test
    void aRepeatedMemoryIsNotDuplicatedAndAContradictedOneIsSupersededWithItsHistoryKept() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).longTermMemory().open()) {
            fixture.agent(AGENT.replace("facts, preferences, summary", "facts"));
            String first = fixture.runtime.createSession(RuntimeFixture.TENANT, "concierge", "ada", null).id();
            extract(fixture, ask(fixture, first, "I live in Lyon. My dog is called Biscuit.").id());
            MemoryItem lyon = memoriesOf(fixture, "ada").stream().filter(item -> item.text().contains("Lyon")).findFirst().orElseThrow();

            String second = fixture.runtime.createSession(RuntimeFixture.TENANT, "concierge", "ada", null).id();
            extract(fixture, ask(fixture, second, "I live in Porto. My dog is called Biscuit.").id());

            assertThat(memoriesOf(fixture, "ada")).extracting(MemoryItem::text)
                    .containsExactlyInAnyOrder("I live in Porto.", "My dog is called Biscuit.");
            MemoryItem old = fixture.memory.get(RuntimeFixture.TENANT, lyon.id()).orElseThrow();
            assertThat(old.status()).isEqualTo(MemoryStatus.SUPERSEDED);
            assertThat(fixture.memory.get(RuntimeFixture.TENANT, old.supersededBy()).orElseThrow().text())
                    .isEqualTo("I live in Porto.");
            assertThat(fixture.memory.versions(RuntimeFixture.TENANT, lyon.id())).extracting(v -> v.text())
                    .contains("I live in Lyon.");
            assertThat(extractions(fixture, second)).singleElement().satisfies(extracted ->
                    assertThat(extracted.changes()).extracting(EventPayload.ExtractionChange::action,
                            EventPayload.ExtractionChange::previousId).containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("superseded", lyon.id()),
                            org.assertj.core.groups.Tuple.tuple("unchanged", null)));
        }
    }

    @Test
    void anExtractionAlreadyRecordedIsNotRepeated() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).longTermMemory().open()) {
            fixture.agent(AGENT);
            String session = fixture.runtime.createSession(RuntimeFixture.TENANT, "concierge", "ada", null).id();
            RunView run = ask(fixture, session, "My dog is called Biscuit.");
            JobRecord job = extract(fixture, run.id());
            List<MemoryItem> before = memoriesOf(fixture, "ada");

            fixture.extraction().handle(job);

            assertThat(extractions(fixture, session)).hasSize(1);
            assertThat(memoriesOf(fixture, "ada")).isEqualTo(before);
        }
    }

    private static dev.cairn.core.gateway.LedgerGateway ledgerGateway(SqliteStore store,
                                                                    dev.cairn.core.gateway.ModelPolicy policy) {
        return dev.cairn.core.gateway.LedgerGateway.create(store.ledger(), policy,
                dev.cairn.core.gateway.BudgetSettings.NONE, String::length, Clock.systemUTC());
    }

    @Test
    void theExtractionsModelCallPassesTheGatewayAndIsInTheLedger() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).longTermMemory()
                .gateway(store -> ledgerGateway(store, dev.cairn.core.gateway.ModelPolicy.DEFAULT)).open()) {
            fixture.agent(AGENT);
            String session = fixture.runtime.createSession(RuntimeFixture.TENANT, "concierge", "ada", null).id();
            RunView run = ask(fixture, session, "My dog is called Biscuit.");

            assertThat(extract(fixture, run.id()).status()).isEqualTo(JobStatus.DONE);

            assertThat(fixture.store.ledger().page(dev.cairn.core.store.LedgerQuery.all(100)))
                    .extracting(entry -> entry.call().purpose() + " " + entry.call().runId() + " " + entry.call().sessionId())
                    .containsExactly("answer " + run.id() + " " + session, "extraction " + run.id() + " " + session);
        }
    }

    @Test
    void anExtractionThePolicyDeniesFailsForGoodSayingWhy() throws Exception {
        dev.cairn.core.gateway.ModelPolicy noExtraction = new dev.cairn.core.gateway.ModelPolicy() {
            @Override
            public dev.cairn.core.gateway.PolicyDecision decide(dev.cairn.core.gateway.CallSubject subject,
                                                                 dev.cairn.core.gateway.CallTarget target) {
                boolean extraction = subject.purpose() == dev.cairn.core.model.ChatRequest.Purpose.EXTRACTION;
                return new dev.cairn.core.gateway.PolicyDecision(!extraction, 2, "no-extraction", "extraction is off");
            }

            @Override
            public dev.cairn.core.gateway.PolicyDecision decideAt(long version, dev.cairn.core.gateway.CallSubject subject,
                                                                   dev.cairn.core.gateway.CallTarget target) {
                return decide(subject, target);
            }

            @Override
            public dev.cairn.core.gateway.PolicyDecision passThrough(String tenantId, String userId) {
                return new dev.cairn.core.gateway.PolicyDecision(false, 2, "no-extraction", "");
            }
        };
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).longTermMemory()
                .gateway(store -> ledgerGateway(store, noExtraction)).open()) {
            fixture.agent(AGENT);
            String session = fixture.runtime.createSession(RuntimeFixture.TENANT, "concierge", "ada", null).id();
            RunView run = ask(fixture, session, "My dog is called Biscuit.");

            JobRecord job = extract(fixture, run.id());

            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.lastError()).contains("rule 'no-extraction'").contains("extraction is off");
            assertThat(memoriesOf(fixture, "ada")).isEmpty();
        }
    }

    @Test
    void aUserScopedExtractionForASessionWithoutUserFailsForGoodSayingWhy() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).longTermMemory().open()) {
            fixture.agent(AGENT);
            String session = fixture.runtime.createSession(RuntimeFixture.TENANT, "concierge", null, null).id();
            RunView run = ask(fixture, session, "My dog is called Biscuit.");

            JobRecord job = extract(fixture, run.id());

            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(job.lastError()).contains("has no user_id");
        }
    }

    @Test
    void anAgentWithoutExtractionQueuesNothing() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).longTermMemory().open()) {
            fixture.agent(AGENT.replace(", extract: [facts, preferences, summary]", ""));
            String session = fixture.runtime.createSession(RuntimeFixture.TENANT, "concierge", "ada", null).id();
            RunView run = ask(fixture, session, "My dog is called Biscuit.");

            assertThat(fixture.store.jobs().find(RuntimeFixture.TENANT, "extract_" + run.id())).isEmpty();
            assertThat(indexOf(fixture.store.events().readAll(session), EventPayload.MemoryExtractionQueued.class)).isEqualTo(-1);
        }
    }

    private static int indexOf(List<Event> log, Class<? extends EventPayload> type) {
        for (int i = 0; i < log.size(); i++) {
            if (type.isInstance(log.get(i).payload())) {
                return i;
            }
        }
        return -1;
    }
}
