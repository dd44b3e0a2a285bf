package dev.tandem.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.StoredExperiment;
import dev.tandem.jobs.JobWorker;
import dev.tandem.stimulus.SetImage;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Scoring jobs: which stimuli a model must see for an experiment, and how far the workers are.
 * A job covers exactly the bytes participants get (issue 3): every image of the design in every
 * manipulation, practice included, plus any stimulus of a stored trial.
 */
public final class ScoringService {

    /** The result of asking for a job: the job and whether this call created it. */
    public record Created(ScoreJob job, boolean created) {}

    private static final int EXPORT_CHUNK = 1000;

    private final DSLContext dsl;
    private final ModelService models;
    private final ExperimentService experiments;
    private final ScoreJobRepository repository;
    private final ModelOutputRepository outputs = new ModelOutputRepository();
    private final ScoreExport export;

    public ScoringService(DSLContext dsl, ObjectMapper json, ModelService models, ExperimentService experiments) {
        this.dsl = dsl;
        this.models = models;
        this.experiments = experiments;
        this.repository = new ScoreJobRepository(json);
        this.export = new ScoreExport(json);
    }

    /**
     * Creates a job for the model (its latest version) on the experiment's current version; while
     * such a job is unfinished, returns it instead. Stimuli the model scored before (for this or
     * any other experiment) are counted done at once.
     */
    public Created createJob(String modelName, String experimentSlug) {
        RegisteredModel model = models.find(modelName);
        StoredExperiment experiment = experiments.current(experimentSlug);
        checkCategories(model, experiment.definition());
        List<DesignCell> cells = cells(experiment);
        record Outcome(long id, boolean created) {}
        Outcome outcome = dsl.transactionResult(tx -> {
            // One unfinished job per model and experiment version (see the partial unique index).
            tx.dsl().execute("SELECT pg_advisory_xact_lock({0}, {1})",
                    DSL.val((int) model.id()), DSL.val((int) experiment.id()));
            Optional<Long> open = repository.openJob(tx.dsl(), model.id(), experiment.id());
            if (open.isPresent()) {
                return new Outcome(open.get(), false);
            }
            Set<String> reused = repository.scored(tx.dsl(), model.id(),
                    cells.stream().map(DesignCell::stimulusSha256).toList());
            return new Outcome(repository.insertJob(tx.dsl(), model.id(), experiment.id(), cells, reused), true);
        });
        return new Created(job(outcome.id()), outcome.created());
    }

    public ScoreJob job(long id) {
        return repository.job(dsl, id).orElseThrow(() -> new NotFoundException("no scoring job with id " + id));
    }

    /** Cancels a queued or running job (409 when it has finished); a batch in flight rolls back. */
    public ScoreJob cancel(long id) {
        job(id);
        if (!repository.cancel(dsl, id)) {
            throw new dev.tandem.common.ConflictException("status", "scoring job " + id + " has already finished");
        }
        return job(id);
    }

    public List<ScoreJob> jobs() {
        return repository.jobs(dsl);
    }

    /**
     * Writes the model's (latest version's) scores on the experiment's current version: one row per
     * distinct stimulus of its design and stored trials that the model has scored, in design order.
     *
     * @return how many rows were written
     */
    public long exportScores(String experimentSlug, String modelName, ScoreExport.Format format, OutputStream out) {
        RegisteredModel model = models.find(modelName);
        StoredExperiment experiment = experiments.current(experimentSlug);
        List<String> categories = experiment.definition().categories().stream()
                .map(ExperimentDefinition.Category::name).toList();
        List<DesignCell> cells = cells(experiment);
        long rows = 0;
        try (ScoreExport.RowWriter writer = export.open(format, categories, out)) {
            for (int start = 0; start < cells.size(); start += EXPORT_CHUNK) {
                List<DesignCell> chunk = cells.subList(start, Math.min(cells.size(), start + EXPORT_CHUNK));
                Map<String, ModelOutputRepository.StoredScore> scores = new HashMap<>();
                outputs.scores(dsl, model.id(), chunk.stream().map(DesignCell::stimulusSha256).toList())
                        .forEach(score -> scores.put(score.stimulusSha256(), score));
                for (DesignCell cell : chunk) {
                    ModelOutputRepository.StoredScore score = scores.get(cell.stimulusSha256());
                    if (score != null) {
                        writer.write(export.row(model, cell, score, categories));
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    /**
     * The embedding the model (its latest version) stored for a stimulus when it scored it; empty
     * when it has not scored it or declares no {@code outputs.embedding}.
     */
    public Optional<Embedding> embedding(String modelName, String stimulusSha256) {
        return embedding(models.find(modelName).id(), stimulusSha256);
    }

    public Optional<Embedding> embedding(long modelId, String stimulusSha256) {
        return outputs.embedding(dsl, modelId, stimulusSha256);
    }

    /** A new worker over this database; it caches the models it opens until it is closed. */
    public Worker worker(int batchSize, JobWorker.Events events) {
        return new Worker(dsl, repository, models, batchSize, events);
    }

    /** The distinct stimuli of the design and of stored trials, each with the first cell that shows it. */
    List<DesignCell> cells(StoredExperiment experiment) {
        ExperimentDefinition definition = experiment.definition();
        List<SetImage> images = experiments.images(experiment);
        List<ExperimentService.Shown> design = ExperimentService.design(definition, images);
        List<String> hashes = experiments.stimulusHashes(definition, design); // rendered when the experiment was loaded
        Map<String, DesignCell> cells = new LinkedHashMap<>();
        for (int i = 0; i < design.size(); i++) {
            SetImage image = design.get(i).image();
            ExperimentDefinition.Manipulation manipulation = design.get(i).manipulation();
            cells.putIfAbsent(hashes.get(i), new DesignCell(hashes.get(i), image.imageIndex(), image.file(),
                    image.category(), manipulation.name(), manipulation.level()));
        }
        for (DesignCell cell : repository.trialCells(dsl, experiment.id())) {
            cells.putIfAbsent(cell.stimulusSha256(), cell);
        }
        return new ArrayList<>(cells.values());
    }

    /**
     * A model's decisions are compared with the experiment's categories by name, so both must name
     * the same set: an experiment category the model cannot choose, or a model category the
     * participants cannot choose, would make model and humans answer different questions.
     */
    static void checkCategories(RegisteredModel model, ExperimentDefinition definition) {
        Set<String> experiment = new TreeSet<>(definition.categories().stream().map(ExperimentDefinition.Category::name).toList());
        Set<String> modelCategories = new TreeSet<>(model.manifest().categoryNames());
        if (experiment.equals(modelCategories)) {
            return;
        }
        Set<String> missing = new TreeSet<>(experiment);
        missing.removeAll(modelCategories);
        Set<String> extra = new TreeSet<>(modelCategories);
        extra.removeAll(experiment);
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("it maps no output to the experiment's " + missing);
        }
        if (!extra.isEmpty()) {
            problems.add("it has categories the experiment lacks: " + extra);
        }
        throw new InvalidInputException("model", "model " + model.name() + " " + model.version()
                + " cannot score experiment " + definition.slug() + ": " + String.join("; ", problems)
                + " (categories.mapping in model.json must name exactly the experiment's categories)");
    }
}
