package dev.tandem.clickme;

import dev.tandem.model.Classifier;
import dev.tandem.model.JobWorker;
import dev.tandem.model.ModelService;
import java.util.HashMap;
import java.util.List;
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
    private final Map<Long, Classifier> classifiers = new HashMap<>();

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
        Classifier classifier = classifiers.computeIfAbsent(job.modelId(), id -> models.open(models.byId(id)));
        return Optional.of(tx -> {
            var claimed = computeBatch(tx, job, method, classifier);
            return new Outcome(claimed.size(), claimed.stream().filter(task -> !task.alreadyStored()).count());
        });
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
        if (repository.advance(tx, job.id(), claimed.size()) == 0) {
            // Cancelled while this batch was computed: roll it back whole (issue 14).
            throw new IllegalStateException("map job " + job.id() + " was cancelled; its batch in flight is rolled back");
        }
        return claimed;
    }

    @Override
    public void close() {
        classifiers.values().forEach(Classifier::close);
        classifiers.clear();
    }
}
