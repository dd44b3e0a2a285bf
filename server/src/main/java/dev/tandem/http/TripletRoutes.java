package dev.tandem.http;

import dev.tandem.experiment.ExperimentService;
import dev.tandem.triplet.RdmCsv;
import dev.tandem.triplet.TripletMetricsService;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * A triplet experiment's RDMs (issue 13): {@code GET /api/experiments/{slug}/rdm.csv?observer=people|MODEL}
 * ({@link RdmCsv}; {@code distance=cosine|correlation} for a model's) and
 * {@code GET /api/experiments/{slug}/triplet.svg?model=MODEL}: the people's and the model's RDMs side
 * by side and RSA against its ceiling. The export filters and {@link TripletParams} apply.
 */
public final class TripletRoutes implements Routes {

    private final TripletMetricsService metrics;
    private final ExperimentService experiments;

    public TripletRoutes(TripletMetricsService metrics, ExperimentService experiments) {
        this.metrics = metrics;
        this.experiments = experiments;
    }

    @Override
    public void register(Javalin app, Guard guard) {
        app.get("/api/experiments/{slug}/rdm.csv", guard.experiment(this::rdm));
        app.get("/api/experiments/{slug}/triplet.svg", guard.experiment(this::svg));
    }

    private void rdm(Context ctx) {
        String observer = Params.text(Params.required(ctx.queryParam("observer"), "observer"), "observer");
        String csv = RdmCsv.write(metrics.rdm(ExportParams.experiment(ctx), observer, TripletParams.options(ctx)));
        ctx.contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("slug") + "-rdm.csv\"")
                .result(csv);
    }

    private void svg(Context ctx) {
        String model = Params.text(Params.required(ctx.queryParam("model"), "model"), "model");
        String title = experiments.current(ctx.pathParam("slug")).definition().title();
        AnalysisRoutes.svg(ctx, metrics.svg(ExportParams.experiment(ctx), model, title, TripletParams.options(ctx)));
    }
}
