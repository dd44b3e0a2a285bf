package dev.tandem.clickme;

import dev.tandem.model.Classifier;
import dev.tandem.model.ModelService;
import dev.tandem.model.Worker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the tasks of map jobs as the scoring {@link Worker} does predictions: claim a few
 * tasks with {@code FOR UPDATE SKIP LOCKED}, compute their maps from forward passes, store them,
 * mark the tasks done and commit. A worker that dies before its commit leaves its claims to the
 * next one, so a job resumes where it stopped. One thread per worker; {@link #stop()} from any.
 */
public final class MapWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MapWorker.class);
    private static final int FAILURES_BEFORE_GIVING_UP = 3;

    private final DSLContext dsl;
    private final MapJobRepository repository;
    private final ModelService models;
    private final int batchSize;
    private final Worker.Events events;
    private final Map<Long, Classifier> classifiers = new HashMap<>();
    private final Map<Long, Integer> failuresInARow = new HashMap<>();
    private final AtomicLong computed = new AtomicLong();
    private volatile boolean stopping;

    MapWorker(DSLContext dsl, MapJobRepository repository, ModelService models, int batchSize, Worker.Events events) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.dsl = dsl;
        this.repository = repository;
        this.models = models;
        this.batchSize = batchSize;
        this.events = events;
    }

    /** Works on every map job with tasks left, oldest first, until {@link #stop()}; idles when there are none. */
    public void run(Duration idle) {
        while (!stopping) {
            boolean worked = false;
            try {
                for (long jobId : repository.openJobs(dsl)) {
                    if (stopping || (worked = runBatch(jobId))) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Map worker cannot reach the job queue: {}", e.getMessage());
            }
            if (!worked && !pause(idle)) {
                return;
            }
        }
    }

    /** Works on one job until nothing is left to claim or {@link #stop()}. */
    public void drain(long jobId) {
        while (!stopping && runBatch(jobId)) {
            // next batch
        }
    }

    public void stop() {
        stopping = true;
    }

    /** How many maps this worker computed and committed. */
    public long computed() {
        return computed.get();
    }

    boolean runBatch(long jobId) {
        MapJob job = repository.job(dsl, jobId).orElseThrow();
        if (job.finished()) {
            return false;
        }
        MapMethod method = MapMethod.parse(job.method(), job.parameters().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))));
        Classifier classifier;
        try {
            classifier = classifiers.computeIfAbsent(job.modelId(), id -> models.open(models.byId(id)));
        } catch (RuntimeException e) {
            repository.fail(dsl, jobId, "cannot load the model: " + e.getMessage());
            events.failed(jobId, e);
            return false;
        }
        List<MapJobRepository.ClaimedTask> batch;
        try {
            batch = dsl.transactionResult(tx -> computeBatch(tx.dsl(), job, method, classifier));
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
        computed.addAndGet(batch.stream().filter(task -> !task.alreadyStored()).count());
        events.committed(jobId, batch.size());
        return true;
    }

    private List<MapJobRepository.ClaimedTask> computeBatch(DSLContext tx, MapJob job, MapMethod method,
                                                            Classifier classifier) {
        var claimed = repository.claim(tx, job.id(), job.modelId(), method, batchSize);
        if (claimed.isEmpty()) {
            return claimed;
        }
        events.claimed(job.id(), claimed.size());
        for (var task : claimed) {
            if (!task.alreadyStored()) { // another job with the same maps may have stored it meanwhile
                ImportanceMap map = method.compute(StimulusPixels.decode(task.png()), task.category(), classifier::predict);
                repository.insertMap(tx, job.modelId(), job.id(), method, task.stimulusSha256(), task.category(), map);
            }
        }
        repository.markDone(tx, job.id(), claimed.stream().map(MapJobRepository.ClaimedTask::stimulusSha256).toList());
        repository.advance(tx, job.id(), claimed.size());
        return claimed;
    }

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

    @Override
    public void close() {
        classifiers.values().forEach(Classifier::close);
        classifiers.clear();
    }
}
