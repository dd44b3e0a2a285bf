package dev.tandem.clickme;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.jobs.JobWorker;
import dev.tandem.model.ModelService;
import dev.tandem.model.RegisteredModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Model maps of a ClickMe experiment's images as jobs (issue 5): one task per image with a
 * stored round, computed on the stimulus bytes participants saw, by {@link MapWorker}s.
 */
public final class MapJobService {

    /** The result of asking for a job: the job and whether this call created it. */
    public record Created(MapJob job, boolean created) {}

    private final DSLContext dsl;
    private final ModelService models;
    private final ExperimentService experiments;
    private final MapJobRepository repository;
    private final RoundDataRepository rounds = new RoundDataRepository();

    public MapJobService(DSLContext dsl, ObjectMapper json, ModelService models, ExperimentService experiments) {
        this.dsl = dsl;
        this.models = models;
        this.experiments = experiments;
        this.repository = new MapJobRepository(json);
    }

    /**
     * Creates a job for the model's latest version on the experiment's played images; while such
     * a job (same method and parameters) is unfinished, returns it. Maps stored before count as done.
     */
    public Created createJob(String modelName, String experimentSlug, MapMethod method) {
        RegisteredModel model = models.find(modelName);
        var experiment = experiments.current(experimentSlug);
        if (experiment.definition().clickme() == null) {
            throw new InvalidInputException("experiment", "experiment " + experimentSlug + " has no ClickMe rounds");
        }
        var images = rounds.playedImages(dsl, experimentSlug);
        Set<String> missing = new java.util.TreeSet<>(images.stream().map(RoundDataRepository.PlayedImage::category).toList());
        missing.removeAll(model.manifest().categoryNames());
        if (!missing.isEmpty()) {
            throw new InvalidInputException("model", "model " + model.name() + " has no output for the categories "
                    + missing + " of experiment " + experimentSlug);
        }
        record Outcome(long id, boolean created) {}
        Outcome outcome = dsl.transactionResult(tx -> {
            tx.dsl().execute("SELECT pg_advisory_xact_lock(hashtext('map_job:' || {0} || ':' || {1}))",
                    DSL.val(model.id()), DSL.val(experimentSlug));
            Optional<Long> open = repository.openJob(tx.dsl(), model.id(), experimentSlug, method);
            if (open.isPresent()) {
                return new Outcome(open.get(), false);
            }
            Set<String> reused = repository.stored(tx.dsl(), model.id(), method,
                    images.stream().map(RoundDataRepository.PlayedImage::stimulusSha256).toList());
            return new Outcome(repository.insertJob(tx.dsl(), model.id(), experimentSlug, method, images, reused), true);
        });
        return new Created(job(outcome.id()), outcome.created());
    }

    /** A method from its name and parameters given as text (missing ones take the defaults). */
    public static MapMethod method(String name, Map<String, String> parameters) {
        return MapMethod.parse(name, parameters);
    }

    /** Cancels a queued or running map job (409 when it has finished); a batch in flight rolls back. */
    public MapJob cancel(long id) {
        job(id);
        if (!repository.cancel(dsl, id)) {
            throw new dev.tandem.common.ConflictException("status", "map job " + id + " has already finished");
        }
        return job(id);
    }

    public MapJob job(long id) {
        return repository.job(dsl, id).orElseThrow(() -> new NotFoundException("no map job with id " + id));
    }

    public List<MapJob> jobs() {
        return repository.jobs(dsl);
    }

    /** A new map worker; it caches the models it opens until it is closed. */
    public MapWorker worker(int batchSize, JobWorker.Events events) {
        return new MapWorker(dsl, repository, models, batchSize, events);
    }
}
