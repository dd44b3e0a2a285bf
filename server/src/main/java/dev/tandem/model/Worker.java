package dev.tandem.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the tasks of scoring jobs, one batch per transaction: claim up to {@code batchSize}
 * tasks with {@code FOR UPDATE SKIP LOCKED}, read their PNG bytes, predict them as one batch,
 * store the predictions, mark the tasks done and commit. Any number of workers, in any number of
 * processes, share a job without scoring a stimulus twice; a worker that dies before its commit
 * leaves its claims to be taken again, so a job always resumes where it stopped.
 *
 * <p>A worker is used by one thread; {@link #stop()} may be called from any thread and takes
 * effect after the batch in hand.
 */
public final class Worker implements AutoCloseable {

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

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    /** After this many batches of one job fail in a row, the job is marked failed with the last error. */
    static final int FAILURES_BEFORE_GIVING_UP = 3;

    private final DSLContext dsl;
    private final ScoreJobRepository repository;
    private final ModelService models;
    private final int batchSize;
    private final Events events;
    private final Map<Long, Classifier> classifiers = new HashMap<>();
    private final Map<Long, Long> modelOfJob = new HashMap<>();
    private final Map<Long, Integer> failuresInARow = new HashMap<>();
    private final AtomicLong scored = new AtomicLong();
    private volatile boolean stopping;

    Worker(DSLContext dsl, ScoreJobRepository repository, ModelService models, int batchSize, Events events) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.dsl = dsl;
        this.repository = repository;
        this.models = models;
        this.batchSize = batchSize;
        this.events = events;
    }

    /** Works on every job with tasks left, oldest first, until {@link #stop()}; idles when there are none. */
    public void run(Duration idle) {
        while (!stopping) {
            boolean worked = false;
            try {
                for (long jobId : repository.openJobs(dsl)) {
                    if (stopping || (worked = runBatch(jobId))) {
                        break; // after each batch, look again from the oldest job
                    }
                }
            } catch (RuntimeException e) { // the database may be away for a while; keep trying
                log.warn("Scoring worker cannot reach the job queue: {}", e.getMessage());
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

    /** How many stimuli this worker has predicted and committed. */
    public long scored() {
        return scored.get();
    }

    /**
     * Claims, scores and commits one batch of the job.
     *
     * @return whether there was anything to claim (a failed batch counts: it may succeed again)
     */
    boolean runBatch(long jobId) {
        long modelId = modelOfJob.computeIfAbsent(jobId, id -> repository.job(dsl, id).orElseThrow().modelId());
        Classifier classifier;
        try {
            classifier = classifier(modelId);
        } catch (RuntimeException e) {
            repository.fail(dsl, jobId, "cannot load the model: " + e.getMessage());
            events.failed(jobId, e);
            return false;
        }
        List<ScoreJobRepository.ClaimedTask> batch;
        try {
            batch = dsl.transactionResult(tx -> scoreBatch(tx.dsl(), jobId, modelId, classifier));
        } catch (RuntimeException e) {
            events.failed(jobId, e);
            int failures = failuresInARow.merge(jobId, 1, Integer::sum);
            if (failures >= FAILURES_BEFORE_GIVING_UP) {
                repository.fail(dsl, jobId, failures + " batches failed in a row; the last: " + e.getMessage());
                return false;
            }
            return pause(Duration.ofMillis(500L << failures));
        }
        failuresInARow.remove(jobId);
        if (batch.isEmpty()) {
            return false;
        }
        scored.addAndGet(batch.stream().filter(task -> !task.alreadyScored()).count());
        events.committed(jobId, batch.size());
        return true;
    }

    private List<ScoreJobRepository.ClaimedTask> scoreBatch(DSLContext tx, long jobId, long modelId, Classifier classifier) {
        List<ScoreJobRepository.ClaimedTask> claimed = repository.claim(tx, jobId, modelId, batchSize);
        if (claimed.isEmpty()) {
            return claimed;
        }
        events.claimed(jobId, claimed.size());
        // A stimulus shared with another job of this model may have been scored there meanwhile.
        List<ScoreJobRepository.ClaimedTask> fresh = claimed.stream().filter(task -> !task.alreadyScored()).toList();
        List<Classifier.Prediction> predictions = classifier.predict(fresh.stream().map(ScoreJobRepository.ClaimedTask::png).toList());
        List<ScoreJobRepository.Score> scores = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            scores.add(new ScoreJobRepository.Score(fresh.get(i).stimulusSha256(), fresh.get(i).category(), predictions.get(i)));
        }
        repository.insertScores(tx, modelId, jobId, scores);
        repository.markDone(tx, jobId, claimed.stream().map(ScoreJobRepository.ClaimedTask::stimulusSha256).toList());
        repository.advance(tx, jobId, claimed.size());
        return claimed;
    }

    private Classifier classifier(long modelId) {
        Classifier open = classifiers.get(modelId);
        if (open == null) {
            open = models.open(models.byId(modelId));
            classifiers.put(modelId, open);
        }
        return open;
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

    /** Closes the models this worker opened. */
    @Override
    public void close() {
        classifiers.values().forEach(Classifier::close);
        classifiers.clear();
    }
}
