package dev.tandem.clickme;

import dev.tandem.model.Classifier;
import dev.tandem.jobs.JobWorker;
import dev.tandem.model.ModelCache;
import dev.tandem.model.ModelService;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Computes the tasks of map jobs (see {@link JobWorker}): each claimed image's map from forward
 * passes, stored with the task marked done in the claiming transaction.
 */
public final class MapWorker extends JobWorker {

    private final MapJobRepository repository;
    private final ModelService models;
    private final ModelCache<Classifier> classifiers = new ModelCache<>(ModelCache.DEFAULT_CAPACITY);

    MapWorker(DSLContext dsl, MapJobRepository repository, ModelService models, int batchSize, Events events) {
        super(dsl, MapJobRepository.PROGRESS, batchSize, events);
        this.repository = repository;
        this.models = models;
    }

    /** How many maps this worker computed and committed. */
    public long computed() {
        return computedCount();
    }

    @Override
    protected Optional<Batch> batch(long jobId) {
        MapJob job = repository.job(dsl, jobId).orElseThrow();
        if (job.finished()) {
            return Optional.empty();
        }
        MapMethod method = MapMethod.parse(job.method(), job.parameters().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))));
        Classifier classifier = classifiers.get(job.modelId(), id -> models.open(models.byId(id)));
        return Optional.of(tx -> computeBatch(tx, job, method, classifier));
    }

    /**
     * Computes a claimed batch. Two jobs asking for the same maps (two experiments sharing images)
     * can compute one map in two workers at once; the later insert is skipped, as the stored map is
     * the same model, method and parameters on the same bytes.
     */
    private Outcome computeBatch(DSLContext tx, MapJob job, MapMethod method, Classifier classifier) {
        var claimed = repository.claim(tx, job.id(), job.modelId(), method, batchSize);
        if (claimed.isEmpty()) {
            return new Outcome(0, 0);
        }
        int stored = 0;
        events.claimed(job.id(), claimed.size());
        for (var task : claimed) {
            if (!task.alreadyStored()) { // another job with the same maps may have stored it meanwhile
                ImportanceMap map = method.compute(StimulusPixels.decodeShown(task.png()), task.category(), classifier::predict);
                stored += repository.insertMap(tx, job.modelId(), job.id(), method, task.stimulusSha256(), task.category(), map);
            }
        }
        repository.markDone(tx, job.id(), claimed.stream().map(MapJobRepository.ClaimedTask::stimulusSha256).toList());
        if (repository.advance(tx, job.id(), claimed.size()) == 0) {
            // Cancelled while this batch was computed: roll it back whole (issue 14).
            throw new IllegalStateException("map job " + job.id() + " was cancelled; its batch in flight is rolled back");
        }
        return new Outcome(claimed.size(), stored);
    }

    @Override
    public void close() {
        classifiers.close();
    }
}
