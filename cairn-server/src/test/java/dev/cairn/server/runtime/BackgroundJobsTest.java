package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.json.Json;
import dev.cairn.core.runtime.BackgroundJobs;
import dev.cairn.core.store.JobRecord;
import dev.cairn.core.store.JobStatus;
import dev.cairn.store.sqlite.SqliteStore;
import dev.cairn.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background job executor over a real SQLite store, on a clock the test drives. */
class BackgroundJobsTest {

    private static final String TENANT = "t1";
    private static final BackgroundJobs.Options OPTIONS = new BackgroundJobs.Options(Duration.ofMillis(50),
            Duration.ofMinutes(5), 2, 3, Duration.ofSeconds(10), Duration.ofMinutes(1));

    @TempDir
    Path folder;

    private final ManualClock clock = ManualClock.at(Instant.parse("2025-03-01T09:00:00Z"));
    private SqliteStore store;
    private BackgroundJobs jobs;

    @BeforeEach
    void open() {
        store = SqliteStore.open(folder.resolve("cairn.db"), clock);
    }

    @AfterEach
    void close() {
        if (jobs != null) {
            jobs.close();
        }
        store.close();
    }

    private void queue(String id, String kind) {
        store.jobs().enqueue(JobRecord.queued(id, TENANT, kind, null, null, Json.object(), clock.instant()));
    }

    private BackgroundJobs executor(Map<String, BackgroundJobs.Handler> handlers) {
        jobs = BackgroundJobs.manual(store.jobs(), handlers, clock, OPTIONS, "node_1", new SplittableRandom(7));
        return jobs;
    }

    private JobRecord awaitJob(String id, Predicate<JobRecord> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JobRecord job = store.jobs().find(TENANT, id).orElseThrow();
            if (condition.test(job) && jobs.idle()) {
                return job;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("job " + id + " never reached the expected state: " + store.jobs().find(TENANT, id));
    }

    @Test
    void aJobThatSucceedsIsDone() throws Exception {
        queue("job_1", "greet");
        AtomicInteger calls = new AtomicInteger();
        executor(Map.of("greet", job -> calls.incrementAndGet()));

        assertThat(jobs.pollOnce()).isEqualTo(1);

        assertThat(awaitJob("job_1", job -> job.status() == JobStatus.DONE).attempts()).isEqualTo(1);
        assertThat(calls).hasValue(1);
        assertThat(jobs.pollOnce()).isZero();
    }

    @Test
    void aFailingJobIsRetriedWithGrowingBackoffThenGivenUp() throws Exception {
        queue("job_1", "flaky");
        executor(Map.of("flaky", job -> {
            throw new IllegalStateException("attempt " + job.attempts() + " failed");
        }));

        jobs.pollOnce();
        JobRecord first = awaitJob("job_1", job -> job.status() == JobStatus.PENDING && job.lastError() != null);
        Duration wait = Duration.between(clock.instant(), first.notBefore());
        assertThat(wait).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(first.lastError()).isEqualTo("attempt 1 failed");
        assertThat(jobs.pollOnce()).as("not due yet").isZero();

        clock.advance(wait);
        jobs.pollOnce();
        JobRecord second = awaitJob("job_1", job -> job.attempts() == 2 && job.status() == JobStatus.PENDING);
        assertThat(Duration.between(clock.instant(), second.notBefore())).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));

        clock.advance(Duration.ofSeconds(20));
        jobs.pollOnce();
        JobRecord last = awaitJob("job_1", job -> job.status() == JobStatus.FAILED);
        assertThat(last.attempts()).isEqualTo(3);
        assertThat(last.lastError()).isEqualTo("attempt 3 failed");
        clock.advance(Duration.ofHours(1));
        assertThat(jobs.pollOnce()).isZero();
    }

    @Test
    void aPermanentFailureIsNotRetried() throws Exception {
        queue("job_1", "doomed");
        executor(Map.of("doomed", job -> {
            throw new BackgroundJobs.PermanentFailure("the run's session is gone");
        }));

        jobs.pollOnce();

        JobRecord failed = awaitJob("job_1", job -> job.status() == JobStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("the run's session is gone");
    }

    @Test
    void aJobOfAKindWithoutHandlerFailsSayingSo() throws Exception {
        queue("job_1", "unknown.kind");
        executor(Map.of());

        jobs.pollOnce();

        assertThat(awaitJob("job_1", job -> job.status() == JobStatus.FAILED).lastError())
                .contains("no handler for jobs of kind 'unknown.kind'");
    }

    @Test
    void noMoreJobsRunAtOnceThanTheConcurrencyAllows() throws Exception {
        for (int i = 1; i <= 3; i++) {
            queue("job_" + i, "slow");
        }
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        executor(Map.of("slow", job -> {
            running.incrementAndGet();
            release.await();
        }));

        assertThat(jobs.pollOnce()).isEqualTo(2);
        assertThat(jobs.pollOnce()).isZero();
        release.countDown();
        awaitJob("job_2", job -> job.status() == JobStatus.DONE);
        assertThat(jobs.pollOnce()).isEqualTo(1);
        awaitJob("job_3", job -> job.status() == JobStatus.DONE);
        assertThat(running).hasValue(3);
    }

    @Test
    void aJobWhoseWorkerDiedIsTakenOverOnceItsClaimLapses() throws Exception {
        queue("job_1", "greet");
        assertThat(store.jobs().claim("node_that_dies", OPTIONS.claim(), 1)).hasSize(1);
        executor(Map.of("greet", job -> { }));

        assertThat(jobs.pollOnce()).isZero();
        clock.advance(OPTIONS.claim());
        assertThat(jobs.pollOnce()).isEqualTo(1);

        JobRecord done = awaitJob("job_1", job -> job.status() == JobStatus.DONE);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(store.jobs().complete("job_1", "node_that_dies")).isFalse();
    }

    @Test
    void thePollingExecutorFindsJobsByItself() throws Exception {
        jobs = BackgroundJobs.start(store.jobs(), Map.of("greet", job -> { }), clock, OPTIONS, "node_1", new SplittableRandom(1));
        queue("job_1", "greet");

        assertThat(awaitJob("job_1", job -> job.status() == JobStatus.DONE).claimedBy()).isNull();
        assertThat(List.of(store.jobs().list(TENANT, JobStatus.DONE, 5).getFirst().id())).containsExactly("job_1");
    }
}
