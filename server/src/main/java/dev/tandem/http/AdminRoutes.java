package dev.tandem.http;

import dev.tandem.common.Progress;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.export.RawResponseExport;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** The experimenter's API (admin token): experiments and the raw export. */
public final class AdminRoutes implements Routes {

    private final ExperimentService experiments;
    private final RawResponseExport rawExport;
    private final JsonBodies bodies;

    public AdminRoutes(ExperimentService experiments, RawResponseExport rawExport, JsonBodies bodies) {
        this.experiments = experiments;
        this.rawExport = rawExport;
        this.bodies = bodies;
    }

    @Override
    public void register(Javalin app, Guard guard) {
        app.post("/api/experiments", guard.signedIn(this::load));
        app.get("/api/experiments", guard.signedIn(ctx -> ctx.json(experiments.all().stream().map(e -> Map.of(
                "slug", e.slug(), "version", e.version(), "title", e.definition().title())).toList())));
        app.get("/api/experiments/{slug}/responses", guard.signedIn(this::export));
    }

    private void load(Context ctx) {
        var loaded = experiments.load(bodies.tree(ctx), Progress.NONE);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("slug", loaded.experiment().slug());
        result.put("version", loaded.experiment().version());
        result.put("created", loaded.created());
        ctx.status(loaded.created() ? 201 : 200).json(result);
    }

    private void export(Context ctx) {
        var format = RawResponseExport.Format.parse(ctx.queryParamAsClass("format", String.class).getOrDefault("jsonl"));
        String slug = ctx.pathParam("slug");
        ctx.contentType(format == RawResponseExport.Format.CSV ? "text/csv; charset=utf-8" : "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"" + slug + "-responses."
                        + format.name().toLowerCase() + "\"");
        rawExport.write(slug, format, ctx.outputStream());
    }
}
