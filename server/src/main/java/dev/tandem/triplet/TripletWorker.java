package dev.tandem.triplet;

import dev.tandem.jobs.JobWorker;
import dev.tandem.model.Classifier;
import dev.tandem.model.ModelCache;
import dev.tandem.model.ModelService;
import dev.tandem.model.RegisteredModel;
import dev.tandem.model.StimulusVectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;

/**
 * Computes the tasks of triplet jobs (see {@link JobWorker}): for each claimed triplet, the
 * model's three vectors (stored by scoring, or computed here on the stimulus bytes and stored as
 * scoring stores them) and its {@link OddOneOut} choice, stored with the task marked done in the
 * claiming transaction.
 */
public final class TripletWorker extends JobWorker {

    private final TripletJobRepository repository;
    private final ModelService models;
    private final StimulusVectors vectors;
    private final ModelCache<Classifier> classifiers = new ModelCache<>(ModelCache.DEFAULT_CAPACITY);

    TripletWorker(DSLContext dsl, TripletJobRepository repository, ModelService models, StimulusVectors vectors,
                  int batchSize, Events events) {
        super(dsl, TripletJobRepository.PROGRESS, batchSize, events);
        this.repository = repository;
        this.models = models;
        this.vectors = vectors;
    }

    /** How many triplets this worker answered and committed. */
    public long computed() {
        return computedCount();
    }

    @Override
    protected Optional<Batch> batch(long jobId) {
        TripletJob job = repository.job(dsl, jobId).orElseThrow();
        if (job.finished()) {
            return Optional.empty();
        }
        RegisteredModel model = models.byId(job.modelId());
        Classifier classifier = classifiers.get(model.id(), id -> models.open(model));
        return Optional.of(tx -> computeBatch(tx, job, model, classifier));
    }

    /**
     * Answers a claimed batch. A triplet shared by two jobs of this model (two experiments) can be
     * answered by two workers at once; the later insert is skipped, as it is the same model,
     * similarity and vectors.
     */
    private Outcome computeBatch(DSLContext tx, TripletJob job, RegisteredModel model, Classifier classifier) {
        List<StimulusTriplet> claimed = repository.claim(tx, job.id(), batchSize);
        if (claimed.isEmpty()) {
            return new Outcome(0, 0);
        }
        events.claimed(job.id(), claimed.size());
        Set<String> chosen = repository.chosen(tx, job.modelId(), job.similarity(), job.source(), claimed);
        List<StimulusTriplet> fresh = claimed.stream().filter(t -> !chosen.contains(t.key())).toList();
        Map<String, float[]> byStimulus = vectorsOf(tx, model, classifier, job, fresh);
        List<TripletJobRepository.NewChoice> choices = new ArrayList<>(fresh.size());
        for (StimulusTriplet triplet : fresh) {
            choices.add(new TripletJobRepository.NewChoice(triplet, choose(triplet, byStimulus, job)));
        }
        int stored = repository.insertChoices(tx, job, choices);
        repository.markDone(tx, job.id(), claimed);
        if (repository.advance(tx, job.id(), claimed.size()) == 0) {
            // Cancelled while this batch was computed: roll it back whole (issue 14).
            throw new IllegalStateException("triplet job " + job.id() + " was cancelled; its batch in flight is rolled back");
        }
        return new Outcome(claimed.size(), stored);
    }

    /**
     * The vectors of every stimulus of the triplets: those stored, and the others predicted here as
     * one batch, stored, and read back, so a choice always rests on the stored vectors.
     */
    private Map<String, float[]> vectorsOf(DSLContext tx, RegisteredModel model, Classifier classifier, TripletJob job,
                                           List<StimulusTriplet> triplets) {
        StimulusVectors.Kind kind = job.source() == OddOneOut.Source.EMBEDDING
                ? StimulusVectors.Kind.EMBEDDING : StimulusVectors.Kind.PROBABILITIES;
        Set<String> stimuli = new TreeSet<>();
        triplets.forEach(t -> stimuli.addAll(t.stimuli()));
        Map<String, float[]> found = new HashMap<>(vectors.stored(tx, model, kind, stimuli));
        Set<String> missing = new TreeSet<>(stimuli);
        missing.removeAll(found.keySet());
        if (!missing.isEmpty()) {
            vectors.computeAndStore(tx, model, classifier, repository.stimuli(tx, missing));
            found.putAll(vectors.stored(tx, model, kind, missing));
        }
        return found;
    }

    private static OddOneOut.Choice choose(StimulusTriplet triplet, Map<String, float[]> byStimulus, TripletJob job) {
        List<OddOneOut.Item> items = new ArrayList<>(3);
        for (String stimulus : triplet.stimuli()) {
            float[] vector = byStimulus.get(stimulus);
            if (vector == null) {
                throw new IllegalStateException("model " + job.model() + " stored no " + TripletJobRepository.dbName(job.source())
                        + " vector for stimulus " + stimulus);
            }
            items.add(new OddOneOut.Item(stimulus, vector));
        }
        try {
            return job.source() == OddOneOut.Source.EMBEDDING
                    ? OddOneOut.fromEmbeddings(items, job.similarity())
                    : OddOneOut.fromProbabilities(items, job.similarity());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("triplet " + triplet.key() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        classifiers.close();
    }
}
