package dev.tandem.model;

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
 * commit leaves its claims to be taken again, so a job resumes where it stopped. After
 * {@link #FAILURES_BEFORE_GIVING_UP} failed batches in a row a job is marked failed.
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

    static final int FAILURES_BEFORE_GIVING_UP = 3;

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    protected final DSLContext dsl;
    private final JobProgress queue;
    protected final int batchSize;
    protected final Events events;
    private final Map<Long, Integer> failuresInARow = new HashMap<>();
    private final AtomicLong computed = new AtomicLong();
    private volatile boolean stopping;

    /** @param queue the job and task tables this worker works on */
    protected JobWorker(DSLContext dsl, JobProgress queue, int batchSize, Events events) {
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
                log.warn("{} cannot reach its job queue: {}", getClass().getSimpleName(), e.getMessage());
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
            queue.fail(dsl, jobId, "cannot load the model: " + e.getMessage());
            events.failed(jobId, e);
            return false;
        }
        Outcome outcome;
        try {
            outcome = dsl.transactionResult(tx -> batch.run(tx.dsl()));
        } catch (RuntimeException e) {
            events.failed(jobId, e);
            int failures = failuresInARow.merge(jobId, 1, Integer::sum);
            if (failures >= FAILURES_BEFORE_GIVING_UP) {
                queue.fail(dsl, jobId, failures + " batches failed in a row; the last: " + e.getMessage());
                return false;
            }
            return pause(Duration.ofMillis(500L << failures));
        }
        failuresInARow.remove(jobId);
        if (outcome.claimed() == 0) {
            return false;
        }
        computed.addAndGet(outcome.computed());
        events.committed(jobId, outcome.claimed());
        return true;
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
