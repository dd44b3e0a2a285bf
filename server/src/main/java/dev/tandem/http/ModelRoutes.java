package dev.tandem.http;

import dev.tandem.common.InvalidInputException;
import dev.tandem.model.ModelService;
import dev.tandem.model.RegisteredModel;
import dev.tandem.model.ScoreJob;
import dev.tandem.model.ScoringService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The experimenter's API (admin token) for models and scoring jobs. */
public final class ModelRoutes implements Routes {

    /** {@code POST /api/models}: a model folder on the server's disk. */
    public record RegisterRequest(String folder) {}

    /** {@code POST /api/jobs}: score the experiment's current version with the model's latest version. */
    public record JobRequest(String model, String experiment) {}

    private final ModelService models;
    private final ScoringService scoring;
    private final JsonBodies bodies;

    public ModelRoutes(ModelService models, ScoringService scoring, JsonBodies bodies) {
        this.models = models;
        this.scoring = scoring;
        this.bodies = bodies;
    }

    @Override
    public void register(Javalin app, Guard guard) {
        app.post("/api/models", guard.signedIn(this::registerModel));
        app.get("/api/models", guard.signedIn(ctx -> ctx.json(models.list().stream().map(ModelRoutes::model).toList())));
        app.post("/api/jobs", guard.signedIn(this::createJob));
        app.get("/api/jobs", guard.signedIn(ctx -> ctx.json(scoring.jobs().stream().map(ModelRoutes::job).toList())));
        app.get("/api/jobs/{id}", guard.signedIn(ctx -> ctx.json(job(scoring.job(jobId(ctx))))));
    }

    private void registerModel(Context ctx) {
        RegisterRequest request = bodies.read(ctx, RegisterRequest.class);
        var registered = models.register(Path.of(required(request.folder(), "folder")));
        ctx.status(registered.created() ? 201 : 200).json(model(registered.model()));
    }

    private void createJob(Context ctx) {
        JobRequest request = bodies.read(ctx, JobRequest.class);
        var created = scoring.createJob(required(request.model(), "model"), required(request.experiment(), "experiment"));
        ctx.status(created.created() ? 201 : 200).json(job(created.job()));
    }

    private static long jobId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("id", "a job id is a whole number, was \"" + ctx.pathParam("id") + "\"");
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        return value;
    }

    private static Map<String, Object> model(RegisteredModel model) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", model.id());
        json.put("name", model.name());
        json.put("version", model.version());
        json.put("contentSha256", model.contentSha256());
        json.put("folder", model.folder().toString());
        json.put("categories", model.manifest().categoryNames());
        json.put("reduction", model.manifest().reduction().name().toLowerCase());
        json.put("testAccuracy", model.manifest().training() == null ? null : model.manifest().training().testAccuracy());
        json.put("registeredAt", model.registeredAt().toString());
        return json;
    }

    private static Map<String, Object> job(ScoreJob job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.id());
        json.put("status", job.status().dbName());
        json.put("done", job.done());
        json.put("total", job.total());
        json.put("reused", job.reused());
        json.put("ratePerSecond", Math.round(job.ratePerSecond() * 10) / 10.0);
        json.put("model", job.model());
        json.put("experiment", job.experiment());
        json.put("experimentVersion", job.experimentVersion());
        json.put("error", job.error());
        json.put("createdAt", String.valueOf(job.createdAt()));
        json.put("startedAt", job.startedAt() == null ? null : job.startedAt().toString());
        json.put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
        return json;
    }
}
