package dev.tandem.http;

import dev.tandem.account.ExperimentAccess;
import dev.tandem.clickme.AlignmentService;
import dev.tandem.clickme.ClickMeExport;
import dev.tandem.clickme.MapJob;
import dev.tandem.clickme.MapJobService;
import dev.tandem.clickme.MapMethod;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The experimenter's ClickMe API: map jobs, alignment, heatmaps and round exports (issue 5). */
public final class ClickMeAnalysisRoutes implements Routes {

    /** {@code POST /api/clickme/map-jobs}; parameters as in {@code clickme maps} (missing ones: defaults). */
    public record MapJobRequest(String model, String experiment, String method, Map<String, String> parameters) {}

    private static final List<String> METHOD_PARAMETERS = List.of("patch", "stride", "masks", "grid", "keep", "seed", "baseline");

    private final MapJobService mapJobs;
    private final AlignmentService alignment;
    private final ClickMeExport export;
    private final JsonBodies bodies;
    private final ExperimentAccess access;

    public ClickMeAnalysisRoutes(MapJobService mapJobs, AlignmentService alignment, ClickMeExport export, JsonBodies bodies,
                                 ExperimentAccess access) {
        this.access = access;
        this.mapJobs = mapJobs;
        this.alignment = alignment;
        this.export = export;
        this.bodies = bodies;
    }

    @Override
    public void register(Javalin app, Guard guard) {
        app.post("/api/clickme/map-jobs", guard.experiment(Guard.NamedExperiment.inBody(bodies, "experiment"), this::createJob));
        app.get("/api/clickme/map-jobs", guard.signedIn(ctx -> {
            var visible = access.visibleSlugs(Guard.principal(ctx));
            ctx.json(mapJobs.jobs().stream().filter(job -> visible == null || visible.contains(job.experiment()))
                    .map(ClickMeAnalysisRoutes::job).toList());
        }));
        app.post("/api/clickme/map-jobs/{id}/cancel", guard.signedIn(ctx -> {
            MapJob job = mapJobs.job(Params.id(ctx.pathParam("id")));
            if (!access.canSee(Guard.principal(ctx), job.experiment())) {
                throw new NotFoundException("no map job with id " + job.id());
            }
            ctx.json(job(mapJobs.cancel(job.id())));
        }));
        app.get("/api/clickme/map-jobs/{id}", guard.signedIn(ctx -> {
            MapJob job = mapJobs.job(Params.id(ctx.pathParam("id")));
            if (!access.canSee(Guard.principal(ctx), job.experiment())) {
                throw new NotFoundException("no map job with id " + job.id()); // as if missing: names no experiment
            }
            ctx.json(job(job));
        }));
        app.get("/api/experiments/{slug}/clickme/alignment", guard.experiment(this::alignment));
        app.get("/api/experiments/{slug}/clickme/maps/{image}", guard.experiment(this::heatmap));
        app.get("/api/experiments/{slug}/clickme/rounds", guard.experiment(this::rounds));
    }

    private void createJob(Context ctx) {
        MapJobRequest request = bodies.read(ctx, MapJobRequest.class);
        MapMethod method = MapJobService.method(request.method(),
                request.parameters() == null ? Map.of() : request.parameters());
        var created = mapJobs.createJob(Params.required(request.model(), "model"), Params.required(request.experiment(), "experiment"), method);
        ctx.status(created.created() ? 201 : 200).json(job(created.job()));
    }

    /** JSON by default; {@code ?format=csv} for the per-image table. */
    private void alignment(Context ctx) throws java.io.IOException {
        var report = alignment.alignment(ctx.pathParam("slug"), ctx.queryParam("model"), method(ctx), options(ctx));
        if ("csv".equalsIgnoreCase(ctx.queryParam("format"))) {
            ctx.contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("slug") + "-alignment.csv\"");
            export.alignmentCsv(report, ctx.outputStream());
        } else {
            ctx.json(report);
        }
    }

    /** {@code {image}.png}: image file name or stimulus hash; {@code ?kind=human|model&model=NAME}. */
    private void heatmap(Context ctx) {
        String image = ctx.pathParam("image");
        if (!image.endsWith(".png")) {
            throw new InvalidInputException("image", "a heatmap is requested as {image}.png");
        }
        image = image.substring(0, image.length() - 4);
        String kind = ctx.queryParamAsClass("kind", String.class).getOrDefault("human");
        String model = switch (kind) {
            case "human" -> null;
            case "model" -> Params.required(ctx.queryParam("model"), "model");
            default -> throw new InvalidInputException("kind", "kind must be human or model, was " + kind);
        };
        byte[] png = alignment.map(ctx.pathParam("slug"), image, model, method(ctx), options(ctx)).png();
        ctx.contentType("image/png").result(png);
    }

    private void rounds(Context ctx) throws java.io.IOException {
        var format = ClickMeExport.Format.parse(ctx.queryParamAsClass("format", String.class).getOrDefault("csv"));
        ctx.contentType(format.mediaType + "; charset=utf-8").header("Content-Disposition", "attachment; filename=\""
                + ctx.pathParam("slug") + "-clickme-rounds." + format.name().toLowerCase() + "\"");
        export.rounds(ctx.pathParam("slug"), format, ctx.outputStream());
    }

    private static MapMethod method(Context ctx) {
        Map<String, String> parameters = new HashMap<>();
        METHOD_PARAMETERS.forEach(key -> {
            if (ctx.queryParam(key) != null) {
                parameters.put(key, ctx.queryParam(key));
            }
        });
        return MapJobService.method(ctx.queryParam("method"), parameters);
    }

    private static AlignmentService.Options options(Context ctx) {
        var defaults = AlignmentService.Options.DEFAULTS;
        String participants = ctx.queryParam("minParticipants");
        String sigma = ctx.queryParam("sigma");
        String floor = ctx.queryParam("ceilingFloor");
        return new AlignmentService.Options(
                participants == null ? defaults.minParticipants() : (int) Params.wholeNumber(participants,
                        "minParticipants", 2, AlignmentService.Options.MAX_PARTICIPANTS),
                sigma == null ? defaults.sigma() : Params.number(sigma, "sigma", 0, AlignmentService.Options.MAX_SIGMA),
                defaults.ceilingRepeats(), defaults.seed(),
                floor == null ? defaults.ceilingFloor() : Params.number(floor, "ceilingFloor", 0, 1));
    }

    private static Map<String, Object> job(MapJob job) {
        Map<String, Object> json = JobViews.progress(job);
        json.put("method", job.method());
        json.put("parameters", job.parameters());
        return json;
    }
}
