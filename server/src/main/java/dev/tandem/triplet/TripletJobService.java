package dev.tandem.triplet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.ConflictException;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.StoredExperiment;
import dev.tandem.jobs.JobWorker;
import dev.tandem.model.ModelService;
import dev.tandem.model.RegisteredModel;
import dev.tandem.model.StimulusVectors;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Models answer the triplets people answered (issue 13), as jobs on the shared queue: one task per
 * distinct triplet of three different images shown in any session of the experiment (every
 * version, pilots included), worked by {@link TripletWorker}s. The vectors are the model's
 * embedding output when model.json declares one, else its category probabilities, labelled as such.
 */
public final class TripletJobService {

    /** The result of asking for a job: the job and whether this call created it. */
    public record Created(TripletJob job, boolean created) {}

    private final DSLContext dsl;
    private final ModelService models;
    private final ExperimentService experiments;
    private final StimulusVectors vectors;
    private final TripletJobRepository repository = new TripletJobRepository();

    public TripletJobService(DSLContext dsl, ObjectMapper json, ModelService models, ExperimentService experiments) {
        this.dsl = dsl;
        this.models = models;
        this.experiments = experiments;
        this.vectors = new StimulusVectors(json);
    }

    /**
     * Creates a job for the model's latest version on the experiment's shown triplets; while such a
     * job (same similarity) is unfinished, returns it. Triplets the model answered before with the
     * same similarity and source count as done.
     *
     * @param similarity "cosine" or "dot"; null means cosine
     */
    public Created createJob(String modelName, String experimentSlug, String similarity) {
        OddOneOut.Similarity measure = similarity(similarity);
        RegisteredModel model = model(modelName);
        StoredExperiment experiment = experiment(experimentSlug);
        if (experiment.definition().triplet() == null) {
            throw new InvalidInputException("experiment", "experiment " + experimentSlug + " shows no triplets");
        }
        OddOneOut.Source source = source(model);
        if (source == OddOneOut.Source.PROBABILITIES && !StimulusVectors.categoriesPartitionOutputs(model.manifest())) {
            throw new InvalidInputException("model", "model " + model.name() + " declares no outputs.embedding, and its"
                    + " category probabilities are no distribution to compare (categories.mapping must put every output"
                    + " in exactly one category, summed); declare its embedding output in model.json");
        }
        record Outcome(long id, boolean created) {}
        Outcome outcome = dsl.transactionResult(tx -> {
            // One unfinished job per model, experiment and similarity (see the partial unique index).
            tx.dsl().execute("SELECT pg_advisory_xact_lock(hashtext('triplet_job:' || {0} || ':' || {1} || ':' || {2}))",
                    DSL.val(model.id()), DSL.val(experimentSlug), DSL.val(TripletJobRepository.dbName(measure)));
            Optional<Long> open = repository.openJob(tx.dsl(), model.id(), experimentSlug, measure);
            if (open.isPresent()) {
                return new Outcome(open.get(), false);
            }
            Set<StimulusTriplet> triplets = repository.shownTriplets(tx.dsl(), experimentSlug);
            Set<String> reused = repository.chosen(tx.dsl(), model.id(), measure, source, triplets);
            return new Outcome(repository.insertJob(tx.dsl(), model.id(), experimentSlug, measure, source, triplets, reused),
                    true);
        });
        return new Created(job(outcome.id()), outcome.created());
    }

    /** A similarity by its name ("cosine", "dot"); null means cosine. */
    public static OddOneOut.Similarity similarity(String name) {
        if (name == null) {
            return OddOneOut.Similarity.COSINE;
        }
        for (OddOneOut.Similarity similarity : OddOneOut.Similarity.values()) {
            if (TripletJobRepository.dbName(similarity).equals(name)) {
                return similarity;
            }
        }
        throw new InvalidInputException("similarity", "similarity must be cosine or dot, was \"" + name + "\"");
    }

    /** Where a model's vectors come from: its declared embedding, else its probabilities. */
    static OddOneOut.Source source(RegisteredModel model) {
        return StimulusVectors.Kind.of(model.manifest()) == StimulusVectors.Kind.EMBEDDING
                ? OddOneOut.Source.EMBEDDING : OddOneOut.Source.PROBABILITIES;
    }

    /** Cancels a queued or running job (409 when it has finished); a batch in flight rolls back. */
    public TripletJob cancel(long id) {
        job(id);
        if (!repository.cancel(dsl, id)) {
            throw new ConflictException("status", "triplet job " + id + " has already finished");
        }
        return job(id);
    }

    public TripletJob job(long id) {
        return repository.job(dsl, id).orElseThrow(() -> new NotFoundException("no triplet job with id " + id));
    }

    public List<TripletJob> jobs() {
        return repository.jobs(dsl);
    }

    /** A new triplet worker; it caches the models it opens until it is closed. */
    public TripletWorker worker(int batchSize, JobWorker.Events events) {
        return new TripletWorker(dsl, repository, models, vectors, batchSize, events);
    }

    /** The request names the model: one that is not registered is a bad value of that field. */
    private RegisteredModel model(String name) {
        try {
            return models.find(name);
        } catch (NotFoundException e) {
            throw new InvalidInputException("model", e.getMessage());
        }
    }

    private StoredExperiment experiment(String slug) {
        try {
            return experiments.current(slug);
        } catch (NotFoundException e) {
            throw new InvalidInputException("experiment", e.getMessage());
        }
    }
}
