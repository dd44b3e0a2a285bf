package dev.tandem.http;

import dev.tandem.account.ExperimentAccess;
import dev.tandem.account.Principal;
import dev.tandem.common.NotFoundException;
import dev.tandem.model.ModelService;
import dev.tandem.model.RegisteredModel;
import dev.tandem.model.ScoreExport;
import dev.tandem.model.ScoreJob;
import dev.tandem.model.ScoringService;
import dev.tandem.upload.ModelUpload;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The experimenter's API for models and scoring jobs. Models are shared by every account; a job
 * is seen only by those who may see its experiment.
 */
public final class ModelRoutes implements Routes {

    /** {@code POST /api/models} as JSON: a model folder on the server's disk (the other form is a zip of it). */
    public record RegisterRequest(String folder) {}

    /** {@code POST /api/jobs}: score the experiment's current version with the model's latest version. */
    public record JobRequest(String model, String experiment) {}

    private final ModelService models;
    private final ScoringService scoring;
    private final ModelUpload uploads;
    private final ExperimentAccess access;
    private final JsonBodies bodies;

    public ModelRoutes(ModelService models, ScoringService scoring, ModelUpload uploads, ExperimentAccess access,
                       JsonBodies bodies) {
        this.models = models;
        this.scoring = scoring;
        this.uploads = uploads;
        this.access = access;
        this.bodies = bodies;
    }

    @Override
    public void register(Javalin app, Guard guard) {
        // Admins only: a SavedModel is a program that the server and its workers run.
        app.post("/api/models", guard.adminOnly(this::registerModel));
        app.delete("/api/models/{id}", guard.adminOnly(ctx -> {
            models.deleteUnused(Params.id(ctx.pathParam("id")));
            ctx.status(204);
        }));
        app.get("/api/models", guard.signedIn(ctx -> {
            boolean admin = Guard.principal(ctx).isAdmin();
            ctx.json(models.list().stream().map(model -> model(model, admin)).toList());
        }));
        app.post("/api/jobs", guard.experiment(Guard.NamedExperiment.inBody(bodies, "experiment"), this::createJob));
        app.get("/api/jobs", guard.signedIn(this::listJobs));
        app.get("/api/jobs/{id}", guard.signedIn(this::showJob));
        app.post("/api/jobs/{id}/cancel", guard.signedIn(this::cancelJob));
        // the guard checks the {slug}: an experimenter's experiments only, others answer 404
        app.get("/api/experiments/{slug}/scores", guard.experiment(this::scores));
    }

    /** {@code ?model=NAME&format=csv|jsonl}: the model's scores on the experiment, one row per scored stimulus. */
    private void scores(Context ctx) {
        String slug = ctx.pathParam("slug");
        String model = Params.required(ctx.queryParam("model"), "model");
        ScoreExport.Format format = ScoreExport.Format.parse(ctx.queryParamAsClass("format", String.class).getOrDefault("csv"));
        models.find(model); // an unknown model is a 404 before the download starts
        ctx.contentType(format.mediaType() + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + slug + "-scores-" + model + "." + format.extension() + "\"");
        scoring.exportScores(slug, model, format, ctx.outputStream());
    }

    private void registerModel(Context ctx) {
        ModelService.Registered registered;
        if (ZipBodies.isZip(ctx)) {
            registered = uploads.registerZip(ZipBodies.zip(ctx));
        } else {
            RegisterRequest request = bodies.read(ctx, RegisterRequest.class);
            registered = models.register(Path.of(Params.required(request.folder(), "folder")));
        }
        ctx.status(registered.created() ? 201 : 200).json(model(registered.model(), true));
    }

    private void createJob(Context ctx) {
        JobRequest request = bodies.read(ctx, JobRequest.class);
        String experiment = Params.required(request.experiment(), "experiment");
        var created = scoring.createJob(Params.required(request.model(), "model"), experiment);
        ctx.status(created.created() ? 201 : 200).json(job(created.job()));
    }

    private void listJobs(Context ctx) {
        Set<String> visible = access.visibleSlugs(Guard.principal(ctx)); // null: an admin sees every job
        ctx.json(scoring.jobs().stream()
                .filter(job -> visible == null || visible.contains(job.experiment()))
                .map(ModelRoutes::job).toList());
    }

    /** A job of an experiment the caller may not see answers 404, as if it did not exist. */
    private void showJob(Context ctx) {
        long id = Params.id(ctx.pathParam("id"));
        ScoreJob job = scoring.job(id);
        Principal principal = Guard.principal(ctx);
        if (!access.canSee(principal, job.experiment())) {
            throw new NotFoundException("no scoring job with id " + id);
        }
        ctx.json(job(job));
    }

    /** Cancels a job of an experiment the caller may see (issue 14). */
    private void cancelJob(Context ctx) {
        long id = Params.id(ctx.pathParam("id"));
        if (!access.canSee(Guard.principal(ctx), scoring.job(id).experiment())) {
            throw new NotFoundException("no scoring job with id " + id);
        }
        ctx.json(job(scoring.cancel(id)));
    }

    /** A model as JSON; its folder on the server's disk is shown to admins only (issue 12). */
    private static Map<String, Object> model(RegisteredModel model, boolean withFolder) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", model.id());
        json.put("name", model.name());
        json.put("version", model.version());
        json.put("contentSha256", model.contentSha256());
        if (withFolder) {
            json.put("folder", model.folder().toString());
        }
        json.put("categories", model.manifest().categoryNames());
        json.put("reduction", model.manifest().reduction().name().toLowerCase());
        json.put("testAccuracy", model.manifest().training() == null ? null : model.manifest().training().testAccuracy());
        json.put("registeredAt", model.registeredAt().toString());
        return json;
    }

    private static Map<String, Object> job(ScoreJob job) {
        Map<String, Object> json = JobViews.progress(job);
        json.put("experimentVersion", job.experimentVersion());
        json.put("warnings", job.warnings());
        return json;
    }
}
