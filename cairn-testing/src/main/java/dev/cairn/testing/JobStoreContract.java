package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.JobRecord;
import dev.cairn.core.store.JobStatus;
import dev.cairn.core.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} must do: a job queued once however often it is queued, claimed by
 * one worker at a time, taken over when a claim lapses, finished or retried only by the worker
 * holding it, queued by its event in the append's transaction, and kept across restarts.
 */
public abstract class JobStoreContract extends StoreContract {

    private static final Duration CLAIM = Duration.ofMinutes(5);

    private JobStore jobs() {
        return store.jobs();
    }

    private JobRecord job(String id) {
        return JobRecord.queued(id, TENANT, "test.kind", null, null, Json.object().put("n", id), clock.instant());
    }

    @Test
    void aJobIsQueuedOnceHoweverOftenItIsQueued() {
        assertThat(jobs().enqueue(job("job_1"))).isTrue();
        assertThat(jobs().enqueue(job("job_1"))).isFalse();

        assertThat(jobs().list(TENANT, null, 10)).extracting(JobRecord::id).containsExactly("job_1");
        JobRecord stored = jobs().find(TENANT, "job_1").orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.PENDING);
        assertThat(stored.payload()).isEqualTo(Json.object().put("n", "job_1"));
    }

    @Test
    void aClaimedJobIsNotClaimedAgainWhileItsClaimLasts() {
        jobs().enqueue(job("job_1"));

        List<JobRecord> first = jobs().claim("worker_1", CLAIM, 10);
        clock.advance(CLAIM.minusMillis(1));
        List<JobRecord> second = jobs().claim("worker_2", CLAIM, 10);

        assertThat(first).singleElement().satisfies(job -> {
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(job.claimedBy()).isEqualTo("worker_1");
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(job.claimedUntil()).isEqualTo(START.plus(CLAIM));
        });
        assertThat(second).isEmpty();
    }

    @Test
    void aLapsedClaimIsTakenOverAndTheFormerHolderCanNoLongerFinishIt() {
        jobs().enqueue(job("job_1"));
        jobs().claim("worker_1", CLAIM, 10);
        clock.advance(CLAIM);

        List<JobRecord> taken = jobs().claim("worker_2", CLAIM, 10);

        assertThat(taken).singleElement().satisfies(job -> {
            assertThat(job.claimedBy()).isEqualTo("worker_2");
            assertThat(job.attempts()).isEqualTo(2);
        });
        assertThat(jobs().complete("job_1", "worker_1")).isFalse();
        assertThat(jobs().complete("job_1", "worker_2")).isTrue();
        assertThat(jobs().find(TENANT, "job_1").orElseThrow().status()).isEqualTo(JobStatus.DONE);
    }

    @Test
    void aJobRetriedLaterIsClaimedOnlyOnceDue() {
        jobs().enqueue(job("job_1"));
        jobs().claim("worker_1", CLAIM, 10);
        Instant due = clock.instant().plusSeconds(30);

        assertThat(jobs().retryLater("job_1", "worker_1", "provider down", due)).isTrue();
        assertThat(jobs().claim("worker_1", CLAIM, 10)).isEmpty();
        clock.advance(Duration.ofSeconds(30));

        assertThat(jobs().claim("worker_2", CLAIM, 10)).singleElement().satisfies(job -> {
            assertThat(job.lastError()).isEqualTo("provider down");
            assertThat(job.attempts()).isEqualTo(2);
        });
    }

    @Test
    void aFailedOrDoneJobIsNeverClaimedAgain() {
        jobs().enqueue(job("job_1"));
        jobs().enqueue(job("job_2"));
        jobs().claim("worker_1", CLAIM, 10);
        jobs().fail("job_1", "worker_1", "bad answer");
        jobs().complete("job_2", "worker_1");
        clock.advance(CLAIM.multipliedBy(3));

        assertThat(jobs().claim("worker_2", CLAIM, 10)).isEmpty();
        JobRecord failed = jobs().find(TENANT, "job_1").orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.lastError()).isEqualTo("bad answer");
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(jobs().list(TENANT, JobStatus.DONE, 10)).extracting(JobRecord::id).containsExactly("job_2");
    }

    @Test
    void claimsTakeDueJobsOldestFirstUpToTheLimit() {
        for (int i = 1; i <= 3; i++) {
            jobs().enqueue(job("job_" + i));
            clock.advance(Duration.ofMillis(10));
        }

        assertThat(jobs().claim("worker_1", CLAIM, 2)).extracting(JobRecord::id).containsExactly("job_1", "job_2");
        assertThat(jobs().claim("worker_1", CLAIM, 2)).extracting(JobRecord::id).containsExactly("job_3");
    }

    @Test
    void racingWorkersNeverClaimOneJobTwice() throws Exception {
        int count = 40;
        for (int i = 0; i < count; i++) {
            jobs().enqueue(job("job_" + i));
        }
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String holder = "worker_" + w;
                running.add(workers.submit(() -> {
                    start.await();
                    for (int round = 0; round < count; round++) {
                        jobs().claim(holder, CLAIM, 3).forEach(job -> claimed.add(job.id()));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : running) {
                future.get();
            }
        }
        assertThat(claimed).hasSize(count).doesNotHaveDuplicates();
    }

    @Test
    void anotherTenantsJobIsNotFound() {
        jobs().enqueue(job("job_1"));

        assertThat(jobs().find(OTHER_TENANT, "job_1")).isEmpty();
        assertThat(jobs().list(OTHER_TENANT, null, 10)).isEmpty();
    }

    @Test
    void anEventThatQueuesAJobQueuesItInItsAppendOnce() {
        createSession("s1");
        store.events().appendAndWait("s1", 1, List.of(NewEvent.ofRun("run_1", new EventPayload.RunQueued("message", 2)),
                NewEvent.ofRun("run_1", new EventPayload.MemoryExtractionQueued("extract_run_1", List.of("facts")))));

        JobRecord queued = jobs().find(TENANT, "extract_run_1").orElseThrow();

        assertThat(queued.kind()).isEqualTo("memory.extract");
        assertThat(queued.sessionId()).isEqualTo("s1");
        assertThat(queued.runId()).isEqualTo("run_1");
        assertThat(queued.payload().get("extract").get(0).asText()).isEqualTo("facts");
        assertThat(queued.payload().get("seq").asLong()).isEqualTo(3);
        store.events().appendAndWait("s1", 3, List.of(NewEvent.ofRun("run_1",
                new EventPayload.MemoryExtractionQueued("extract_run_1", List.of("facts")))));
        assertThat(jobs().list(TENANT, null, 10)).hasSize(1);
    }

    @Test
    void jobsSurviveARestart() {
        jobs().enqueue(job("job_1"));
        jobs().claim("worker_1", CLAIM, 1);

        reopenStore();

        assertThat(jobs().find(TENANT, "job_1").orElseThrow().claimedBy()).isEqualTo("worker_1");
        clock.advance(CLAIM);
        assertThat(jobs().claim("worker_2", CLAIM, 1)).hasSize(1);
    }
}
