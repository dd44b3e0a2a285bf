package dev.tandem.http;

import dev.tandem.account.ExperimentAccess;
import dev.tandem.common.NotFoundException;
import dev.tandem.triplet.TripletJob;
import dev.tandem.triplet.TripletJobService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;

/** Models answering an experiment's triplets (issue 13): triplet jobs on the shared job queue. */
public final class TripletJobRoutes implements Routes {

    /** {@code POST /api/triplet-jobs}; {@code similarity} cosine (default) or dot. */
    public record TripletJobRequest(String model, String experiment, String similarity) {}

    private final TripletJobService jobs;
    private final JsonBodies bodies;
    private final ExperimentAccess access;

    public TripletJobRoutes(TripletJobService jobs, JsonBodies bodies, ExperimentAccess access) {
        this.jobs = jobs;
        this.bodies = bodies;
        this.access = access;
    }

    @Override
    public void register(Javalin app, Guard guard) {
        app.post("/api/triplet-jobs", guard.experiment(Guard.NamedExperiment.inBody(bodies, "experiment"), this::createJob));
        app.get("/api/triplet-jobs", guard.signedIn(ctx -> {
            var visible = access.visibleSlugs(Guard.principal(ctx));
            ctx.json(jobs.jobs().stream().filter(job -> visible == null || visible.contains(job.experiment()))
                    .map(TripletJobRoutes::job).toList());
        }));
        app.get("/api/triplet-jobs/{id}", guard.signedIn(ctx -> ctx.json(job(visibleJob(ctx)))));
        app.post("/api/triplet-jobs/{id}/cancel", guard.signedIn(ctx -> ctx.json(job(jobs.cancel(visibleJob(ctx).id())))));
    }

    private void createJob(Context ctx) {
        TripletJobRequest request = bodies.read(ctx, TripletJobRequest.class);
        var created = jobs.createJob(Params.required(request.model(), "model"),
                Params.required(request.experiment(), "experiment"), request.similarity());
        ctx.status(created.created() ? 201 : 200).json(job(created.job()));
    }

    /** The job named in the path, as if missing when its experiment is not the caller's to see (names no experiment). */
    private TripletJob visibleJob(Context ctx) {
        TripletJob job = jobs.job(Params.id(ctx.pathParam("id")));
        if (!access.canSee(Guard.principal(ctx), job.experiment())) {
            throw new NotFoundException("no triplet job with id " + job.id());
        }
        return job;
    }

    private static Map<String, Object> job(TripletJob job) {
        Map<String, Object> json = JobViews.progress(job);
        json.put("similarity", job.similarity().name().toLowerCase(Locale.ROOT));
        json.put("source", job.source().name().toLowerCase(Locale.ROOT));
        return json;
    }
}
