package dev.tandem.model;

import dev.tandem.jobs.JobWorker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Scores the tasks of scoring jobs (see {@link JobWorker}): a batch's PNG bytes are predicted as
 * one batch and the predictions stored with the tasks marked done, in the claiming transaction.
 */
public final class Worker extends JobWorker {

    private final ScoreJobRepository repository;
    private final ModelService models;
    private final ModelCache<Classifier> classifiers = new ModelCache<>(ModelCache.DEFAULT_CAPACITY);
    private final Map<Long, Long> modelOfJob = new HashMap<>();
    private final ModelOutputRepository outputs = new ModelOutputRepository();

    Worker(DSLContext dsl, ScoreJobRepository repository, ModelService models, int batchSize, Events events) {
        super(dsl, ScoreJobRepository.PROGRESS, batchSize, events);
        this.repository = repository;
        this.models = models;
    }

    /** How many stimuli this worker has predicted and committed. */
    public long scored() {
        return computedCount();
    }

    @Override
    protected Optional<Batch> batch(long jobId) {
        long modelId = modelOfJob.computeIfAbsent(jobId, id -> repository.job(dsl, id).orElseThrow().modelId());
        Classifier classifier = classifiers.get(modelId, id -> models.open(models.byId(id)));
        return Optional.of(tx -> scoreBatch(tx, jobId, modelId, classifier));
    }

    /**
     * Scores a claimed batch. A stimulus shared by two jobs of this model (two experiments, or two
     * versions of one) can be predicted by two workers at once; the later insert of the same bytes
     * is skipped, as the stored prediction is the same model on the same bytes.
     */
    private Outcome scoreBatch(DSLContext tx, long jobId, long modelId, Classifier classifier) {
        List<ScoreJobRepository.ClaimedTask> claimed = repository.claim(tx, jobId, modelId, batchSize);
        if (claimed.isEmpty()) {
            return new Outcome(0, 0);
        }
        events.claimed(jobId, claimed.size());
        // A stimulus shared with another job of this model may have been scored there meanwhile.
        List<ScoreJobRepository.ClaimedTask> fresh = claimed.stream().filter(task -> !task.alreadyScored()).toList();
        List<Classifier.Prediction> predictions = classifier.predict(fresh.stream().map(ScoreJobRepository.ClaimedTask::png).toList());
        List<ScoreJobRepository.Score> scores = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            scores.add(new ScoreJobRepository.Score(fresh.get(i).stimulusSha256(), fresh.get(i).category(), predictions.get(i)));
        }
        int stored = repository.insertScores(tx, modelId, jobId, scores);
        storeEmbeddingsAndWarnings(tx, jobId, modelId, classifier, fresh, predictions);
        repository.markDone(tx, jobId, claimed.stream().map(ScoreJobRepository.ClaimedTask::stimulusSha256).toList());
        if (repository.advance(tx, jobId, claimed.size()) == 0) {
            // Cancelled while this batch was predicted: roll it back whole (issue 14).
            throw new IllegalStateException("scoring job " + jobId + " was cancelled; its batch in flight is rolled back");
        }
        return new Outcome(claimed.size(), stored);
    }

    /** Issue 10: the declared embedding output beside each prediction; resize warnings on the job, each once. */
    private void storeEmbeddingsAndWarnings(DSLContext tx, long jobId, long modelId, Classifier classifier,
                                            List<ScoreJobRepository.ClaimedTask> fresh,
                                            List<Classifier.Prediction> predictions) {
        List<ModelOutputRepository.NewEmbedding> embeddings = new ArrayList<>();
        java.util.Set<String> warnings = new java.util.TreeSet<>();
        for (int i = 0; i < fresh.size(); i++) {
            Classifier.Prediction prediction = predictions.get(i);
            if (prediction.embedding() != null) {
                embeddings.add(new ModelOutputRepository.NewEmbedding(fresh.get(i).stimulusSha256(), prediction.embedding()));
            }
            if (prediction.resizeWarning() != null) {
                warnings.add(prediction.resizeWarning());
            }
        }
        outputs.insertEmbeddings(tx, modelId, jobId, classifier.manifest().embeddingTensor(), embeddings);
        repository.addWarnings(tx, jobId, warnings);
    }

    /** Closes the models this worker opened. */
    @Override
    public void close() {
        classifiers.close();
    }
}
