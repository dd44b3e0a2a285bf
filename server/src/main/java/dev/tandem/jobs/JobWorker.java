package dev.tandem.jobs;

import dev.tandem.common.LogText;
import dev.tandem.db.DatabaseFailures;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every job worker shares (scoring, ClickMe maps): claim a batch of a job's tasks with
 * {@code FOR UPDATE SKIP LOCKED}, compute and store them, commit. Any number of workers, in any
 * number of processes, share a job without doing a task twice; a worker that dies before its
 * commit leaves its claims to be taken again, so a job resumes where it stopped.
 *
 * <p>A failure is either transient (the database is away: see {@link #isTransient}) or permanent
 * (the batch itself cannot be done). A transient one is retried with backoff, from
 * {@link #FIRST_RETRY} doubling up to {@link #LONGEST_RETRY}, for as long as it lasts and without
 * counting against the job; after {@link #FAILURES_BEFORE_GIVING_UP} permanent failures of a
 * job's batches in a row the job is marked failed with the last one's reason (issue 12).
 *
 * <p>A worker is used by one thread; {@link #stop()} may be called from any thread and takes
 * effect after the batch in hand. Subclasses say how a batch is done.
 */
public abstract class JobWorker implements AutoCloseable {

    /** What a worker reports; every method runs on the worker's thread. */
    public interface Events {
        Events NONE = new Events() {};

        /** A batch is claimed: its tasks are locked and nothing is stored yet. */
        default void claimed(long jobId, int tasks) {}

        /** A batch is committed. */
        default void committed(long jobId, int tasks) {}

        /** A batch failed and was rolled back; its tasks can be claimed again. */
        default void failed(long jobId, RuntimeException error) {}
    }

    /** One batch of a job, run inside the transaction that claims it. */
    @FunctionalInterface
    public interface Batch {
        Outcome run(DSLContext tx);
    }

    /** What a committed batch held: the tasks claimed, and how many of them were computed here. */
    public record Outcome(int claimed, long computed) {}

    public static final int FAILURES_BEFORE_GIVING_UP = 3;
    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    protected final DSLContext dsl;
    private final JobQueue queue;
    protected final int batchSize;
    protected final Events events;
    private final Map<Long, Integer> failuresInARow = new HashMap<>();
    private final AtomicLong computed = new AtomicLong();
    private int transientFailuresInARow;
    private volatile boolean stopping;

    /** @param queue the job and task tables this worker works on */
    protected JobWorker(DSLContext dsl, JobQueue queue, int batchSize, Events events) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.dsl = dsl;
        this.queue = queue;
        this.batchSize = batchSize;
        this.events = events;
    }

    /**
     * Prepares the job's next batch (loading its model once); empty when the job needs no more
     * work. A RuntimeException here fails the job.
     */
    protected abstract Optional<Batch> batch(long jobId);

    /** Works on every job with tasks left, oldest first, until {@link #stop()}; idles when there are none. */
    public void run(Duration idle) {
        while (!stopping) {
            boolean worked = false;
            try {
                for (long jobId : queue.openJobs(dsl)) {
                    if (stopping || (worked = runBatch(jobId))) {
                        break; // after each batch, look again from the oldest job
                    }
                }
            } catch (RuntimeException e) { // the database may be away for a while; keep trying
                log.warn("{} cannot reach its job queue: {}", getClass().getSimpleName(), LogText.quoted(e.getMessage()));
            }
            if (!worked && !pause(idle)) {
                return;
            }
        }
    }

    /**
     * Works on one job until nothing is left to claim or {@link #stop()}. Other workers may still
     * hold claims of the job when this returns.
     */
    public void drain(long jobId) {
        while (!stopping && runBatch(jobId)) {
            // next batch
        }
    }

    /** Asks the worker to stop after the batch in hand. */
    public void stop() {
        stopping = true;
    }

    /** How many tasks this worker computed and committed (not those found already stored). */
    protected long computedCount() {
        return computed.get();
    }

    /**
     * Claims, computes and commits one batch of the job.
     *
     * @return whether there was anything to claim (a failed batch counts: it may succeed again)
     */
    boolean runBatch(long jobId) {
        Batch batch;
        try {
            Optional<Batch> next = batch(jobId);
            if (next.isEmpty()) {
                return false;
            }
            batch = next.get();
        } catch (RuntimeException e) {
            events.failed(jobId, e);
            if (isTransient(e)) {
                return retryLater(jobId, e);
            }
            queue.fail(dsl, jobId, "cannot load the model: " + e.getMessage());
            return false;
        }
        Outcome outcome;
        try {
            outcome = dsl.transactionResult(tx -> batch.run(tx.dsl()));
        } catch (RuntimeException e) {
            events.failed(jobId, e);
            if (isTransient(e)) {
                return retryLater(jobId, e);
            }
            transientFailuresInARow = 0;
            int failures = failuresInARow.merge(jobId, 1, Integer::sum);
            if (failures >= FAILURES_BEFORE_GIVING_UP) {
                queue.fail(dsl, jobId, failures + " batches failed in a row; the last: " + e.getMessage());
                return false;
            }
            return pause(Duration.ofMillis(500L << failures));
        }
        failuresInARow.remove(jobId);
        transientFailuresInARow = 0;
        if (outcome.claimed() == 0) {
            return false;
        }
        computed.addAndGet(outcome.computed());
        events.committed(jobId, outcome.claimed());
        return true;
    }

    /** Waits out a transient failure, longer each time in a row; true unless stopped meanwhile. */
    private boolean retryLater(long jobId, RuntimeException e) {
        Duration wait = backoff(++transientFailuresInARow);
        log.warn("{}: job {} waits {} ms for the database ({}): {}", getClass().getSimpleName(), jobId, wait.toMillis(),
                transientFailuresInARow, LogText.quoted(e.getMessage()));
        return pause(wait);
    }

    /** The wait before the n-th retry in a row (n ≥ 1): {@link #FIRST_RETRY} doubled, at most {@link #LONGEST_RETRY}. */
    static Duration backoff(int retry) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(retry - 1, 16));
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    /** Whether a failure means the database is away (see {@link DatabaseFailures#isTransient}). */
    public static boolean isTransient(Throwable failure) {
        return DatabaseFailures.isTransient(failure);
    }

    /** Sleeps unless stopped; false when interrupted (which also stops the worker). */
    private boolean pause(Duration duration) {
        try {
            long until = System.nanoTime() + duration.toNanos();
            while (!stopping && System.nanoTime() < until) {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return false;
        }
    }
}
