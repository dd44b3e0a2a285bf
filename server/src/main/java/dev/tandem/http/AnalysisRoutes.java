package dev.tandem.http;

import dev.tandem.analysis.ConsistencyOptions;
import dev.tandem.analysis.MetricsService;
import dev.tandem.analysis.MvhBenchmarkService;
import dev.tandem.analysis.MvhImportService;
import dev.tandem.common.InvalidInputException;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.TrialType;
import dev.tandem.export.ComparisonExportService;
import dev.tandem.export.ExportFilter;
import dev.tandem.export.ExportFormat;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The analyst's API: metrics, psychometric curves and the error-consistency matrix of an experiment, the streamed
 * comparison dataset, and published model-vs-human data imported and benchmarked (issue 4).
 * Query parameters: {@code format=csv|jsonl|mvh}, {@code kind=human,model,imported},
 * {@code timingOk=true}, {@code version=N}, {@code minSharedTrials=N} (error consistency: the shared
 * trials a pair × condition cell needs to enter a mean; default 20); a bad one is a 400 naming it.
 */
public final class AnalysisRoutes implements Routes {

    private final MetricsService metrics;
    private final ExperimentService experiments;
    private final ComparisonExportService export;
    private final MvhImportService mvhImport;
    private final MvhBenchmarkService benchmark;
    private final JsonBodies bodies;
    private final Map<TrialType, KindAnalysis> byKind;

    /**
     * @param experiments for the titles the plots are drawn under and the kind of an experiment
     * @param byKind      what the metrics and comparison export answer for an experiment of each trial type
     */
    public AnalysisRoutes(MetricsService metrics, ExperimentService experiments, ComparisonExportService export,
                          MvhImportService mvhImport, MvhBenchmarkService benchmark, JsonBodies bodies,
                          Map<TrialType, KindAnalysis> byKind) {
        this.byKind = new EnumMap<>(byKind);
        for (TrialType type : TrialType.values()) {
            if (!this.byKind.containsKey(type)) {
                throw new IllegalArgumentException("no analysis for trial type " + type);
            }
        }
        this.metrics = metrics;
        this.experiments = experiments;
        this.export = export;
        this.mvhImport = mvhImport;
        this.benchmark = benchmark;
        this.bodies = bodies;
    }

    /** {@code POST /api/studies/mvh}: a raw-data folder on the server's disk and the study to import it as. */
    private record MvhImport(String directory, String study) {}

    @Override
    public void register(Javalin app, Guard guard) {
        app.get("/api/experiments/{slug}/metrics", guard.experiment(ctx -> ctx.json(kind(ctx).metrics(ctx,
                experiment(ctx)))));
        app.get("/api/experiments/{slug}/psychometric.svg", guard.experiment(ctx -> svg(ctx,
                metrics.psychometricSvg(experiment(ctx), title(ctx)))));
        app.get("/api/experiments/{slug}/frames-shown.svg", guard.experiment(ctx -> svg(ctx,
                metrics.framesShownSvg(experiment(ctx), title(ctx) + ": frames shown"))));
        app.get("/api/experiments/{slug}/consistency.svg", guard.experiment(ctx -> svg(ctx,
                metrics.consistencySvg(experiment(ctx), title(ctx), consistencyOptions(ctx)))));
        app.get("/api/experiments/{slug}/consistency.csv", guard.experiment(ctx -> ctx
                .contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("slug") + "-consistency.csv\"")
                .result(metrics.consistencyCsv(experiment(ctx), consistencyOptions(ctx)))));
        app.get("/api/experiments/{slug}/comparison", guard.experiment(ctx -> {
            KindAnalysis kind = kind(ctx);
            comparison(ctx, experiment(ctx), kind::requireExport, kind::comparison);
        }));
        app.post("/api/studies/mvh", guard.adminOnly(this::importMvh)); // reads a folder on the server's disk
        app.get("/api/studies/{name}/benchmark", guard.signedIn(ctx -> ctx.json(benchmark.benchmark(ctx.pathParam("name")))));
        app.get("/api/studies/{name}/comparison", guard.signedIn(ctx -> comparison(ctx, study(ctx),
                (filter, format) -> export.requireSource(filter), export::export)));
    }

    /** The analysis of the experiment's trial type (its current version's); 404 for an unknown experiment. */
    private KindAnalysis kind(Context ctx) {
        return byKind.get(experiments.current(ctx.pathParam("slug")).definition().trialType());
    }

    /** Checks an export can start (404 / 400) while a status can still be sent. */
    private interface ExportCheck {
        void require(ExportFilter filter, ExportFormat format);
    }

    /** Streams an export's rows. */
    private interface ExportRows {
        void write(ExportFilter filter, ExportFormat format, OutputStream out);
    }

    static void svg(Context ctx, String svg) {
        ctx.contentType("image/svg+xml; charset=utf-8")
                // The SVG is only ever an image: nothing in it may run if it is opened as a page.
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .header("X-Content-Type-Options", "nosniff")
                .result(svg);
    }

    /** The experiment's title (its current version's), drawn as text above a plot. */
    private String title(Context ctx) {
        return experiments.current(ctx.pathParam("slug")).definition().title();
    }

    private void comparison(Context ctx, ExportFilter filter, ExportCheck check, ExportRows rows) {
        ExportFormat format = ExportFormat.parse(ctx.queryParamAsClass("format", String.class).getOrDefault("csv"));
        check.require(filter, format); // while a 404 can still be sent
        String name = filter.experimentSlug() != null ? filter.experimentSlug() : filter.study();
        ctx.contentType(format.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + name + "-comparison"
                        + (format == ExportFormat.MVH ? "-mvh." : ".") + format.extension() + "\"");
        rows.write(filter, format, ctx.outputStream());
    }

    private void importMvh(Context ctx) {
        MvhImport body = bodies.read(ctx, MvhImport.class);
        if (body.directory() == null || body.directory().isBlank()) {
            throw new InvalidInputException("directory", "directory is required: a model-vs-human raw-data folder on the server");
        }
        MvhImportService.Report report = mvhImport.importDirectory(Path.of(body.directory()), body.study());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("study", body.study());
        result.put("imported", report.imported());
        result.put("unchanged", report.unchanged());
        result.put("replaced", report.replaced());
        result.put("malformed", report.rejected());
        ctx.json(result);
    }

    /** The filters of {@link ExportParams}, shared with the responses export. */
    private static ExportFilter experiment(Context ctx) {
        return ExportParams.experiment(ctx);
    }

    private static ExportFilter study(Context ctx) {
        return ExportParams.study(ctx);
    }

    static ConsistencyOptions consistencyOptions(Context ctx) {
        String value = ctx.queryParam("minSharedTrials");
        return value == null ? ConsistencyOptions.DEFAULT
                : ConsistencyOptions.DEFAULT.withMinSharedTrials((int) Params.wholeNumber(value, "minSharedTrials", 1, 1_000_000));
    }
}
