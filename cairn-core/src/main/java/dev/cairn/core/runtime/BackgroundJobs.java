package dev.cairn.core.runtime;

import dev.cairn.core.store.JobRecord;
import dev.cairn.core.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's executor of background jobs: it claims due jobs from the {@link JobStore} (as
 * many as it has free slots), runs each on a virtual thread with the handler of its kind, and
 * marks it done, or puts it back with exponential backoff and jitter when the handler fails, or
 * gives it up after the last attempt or a {@link PermanentFailure}. A job whose worker dies is
 * taken over by any worker once its claim lapses, so handlers must be idempotent.
 *
 * <p>Thread-safe; {@link #close()} stops claiming and waits briefly for jobs in flight (one that
 * does not finish in time is taken over after its claim lapses).
 */
public final class BackgroundJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);
    private static final int MAX_ERROR_CHARS = 2_000;

    /** Executes one kind of job. */
    @FunctionalInterface
    public interface Handler {
        /** Does the job; returning normally marks it done, throwing retries it (see {@link PermanentFailure}). */
        void handle(JobRecord job) throws Exception;
    }

    /** Thrown by a handler for a job that can never succeed: it is given up without further attempts. */
    public static final class PermanentFailure extends RuntimeException {
        public PermanentFailure(String message) {
            super(message);
        }
    }

    /**
     * @param pollInterval   how often to look for due jobs
     * @param claim          how long a claim lasts; a job still running after it may be taken over
     * @param concurrency    jobs this process executes at once
     * @param maxAttempts    attempts before a failing job is given up
     * @param initialBackoff the wait before the second attempt; it doubles with each further one
     * @param maxBackoff     the longest wait between attempts
     */
    public record Options(Duration pollInterval, Duration claim, int concurrency, int maxAttempts, Duration initialBackoff,
                          Duration maxBackoff) {
        public static final Options DEFAULT = new Options(Duration.ofMillis(500), Duration.ofMinutes(5), 2, 6,
                Duration.ofSeconds(5), Duration.ofMinutes(10));

        public Options {
            if (pollInterval.toMillis() < 10 || claim.compareTo(pollInterval) <= 0) {
                throw new IllegalArgumentException("jobs need a poll interval of at least 10ms and a claim longer than it, got "
                        + pollInterval + " and " + claim);
            }
            if (concurrency < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("jobs need a concurrency and attempts of at least 1, got "
                        + concurrency + " and " + maxAttempts);
            }
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("the backoff must grow from " + initialBackoff + " up to no less, got " + maxBackoff);
            }
        }
    }

    private final JobStore jobs;
    private final Map<String, Handler> handlers;
    private final Clock clock;
    private final Options options;
    private final String holder;
    private final Semaphore slots;
    private final SplittableRandom random;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread poller;
    private volatile boolean closed;

    private BackgroundJobs(JobStore jobs, Map<String, Handler> handlers, Clock clock, Options options, String holder,
                           SplittableRandom random, boolean poll) {
        this.jobs = jobs;
        this.handlers = Map.copyOf(handlers);
        this.clock = clock;
        this.options = options;
        this.holder = holder;
        this.slots = new Semaphore(options.concurrency());
        this.random = random;
        this.poller = poll ? Thread.ofVirtual().name("cairn-jobs").unstarted(this::pollLoop) : null;
    }

    /** Starts polling for jobs of the kinds in {@code handlers}, as worker {@code holder}. */
    public static BackgroundJobs start(JobStore jobs, Map<String, Handler> handlers, Clock clock, Options options,
                                       String holder, SplittableRandom random) {
        BackgroundJobs background = new BackgroundJobs(jobs, handlers, clock, options, holder, random, true);
        background.poller.start();
        return background;
    }

    /** An executor that polls only when {@link #pollOnce()} is called, for tests that drive the clock. */
    public static BackgroundJobs manual(JobStore jobs, Map<String, Handler> handlers, Clock clock, Options options,
                                        String holder, SplittableRandom random) {
        return new BackgroundJobs(jobs, handlers, clock, options, holder, random, false);
    }

    /** Claims as many due jobs as there are free slots and starts them; returns how many it started. */
    public int pollOnce() {
        int free = slots.drainPermits();
        if (free == 0 || closed) {
            slots.release(free);
            return 0;
        }
        java.util.List<JobRecord> claimed;
        try {
            claimed = jobs.claim(holder, options.claim(), free);
        } catch (RuntimeException e) {
            slots.release(free);
            throw e;
        }
        slots.release(free - claimed.size());
        for (JobRecord job : claimed) {
            executor.execute(() -> {
                try {
                    execute(job);
                } finally {
                    slots.release();
                }
            });
        }
        return claimed.size();
    }

    /** True when no job is executing in this process. */
    public boolean idle() {
        return slots.availablePermits() == options.concurrency();
    }

    private void pollLoop() {
        while (!closed) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                LOG.warn("could not claim background jobs: {}", e.toString());
            }
            try {
                Thread.sleep(options.pollInterval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void execute(JobRecord job) {
        Handler handler = handlers.get(job.kind());
        if (handler == null) {
            settle(job, jobs.fail(job.id(), holder, "no handler for jobs of kind '" + job.kind() + "' on this server"));
            return;
        }
        try {
            handler.handle(job);
            settle(job, jobs.complete(job.id(), holder));
        } catch (PermanentFailure e) {
            LOG.warn("background job {} ({}) failed for good: {}", job.id(), job.kind(), e.getMessage());
            settle(job, jobs.fail(job.id(), holder, trimmed(e.getMessage())));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String error = trimmed(e.getMessage() == null ? e.toString() : e.getMessage());
            if (job.attempts() >= options.maxAttempts()) {
                LOG.warn("background job {} ({}) failed on its last attempt ({}): {}", job.id(), job.kind(), job.attempts(), error);
                settle(job, jobs.fail(job.id(), holder, error));
            } else {
                Instant due = clock.instant().plus(backoff(job.attempts()));
                LOG.info("background job {} ({}) failed on attempt {}, retrying at {}: {}", job.id(), job.kind(),
                        job.attempts(), due, error);
                settle(job, jobs.retryLater(job.id(), holder, error, due));
            }
        }
    }

    private static void settle(JobRecord job, boolean stillHeld) {
        if (!stillHeld) {
            LOG.info("background job {} ({}) was taken over by another worker before it finished here", job.id(), job.kind());
        }
    }

    /** The wait after attempt {@code attempts}: doubling from the initial backoff, capped, with up to half taken off at random. */
    Duration backoff(int attempts) {
        long initial = options.initialBackoff().toMillis();
        long capped = Math.min(options.maxBackoff().toMillis(), initial << Math.min(30, Math.max(0, attempts - 1)));
        double jitter;
        synchronized (random) {
            jitter = random.nextDouble();
        }
        return Duration.ofMillis(capped - (long) (capped * 0.5 * jitter));
    }

    private static String trimmed(String error) {
        Objects.requireNonNull(error, "error");
        return error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS) + "...";
    }

    @Override
    public void close() {
        closed = true;
        if (poller != null) {
            poller.interrupt();
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("background jobs still running at shutdown are taken over once their claims lapse");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
