package dev.tandem.app;

import dev.tandem.analysis.ConsistencyOptions;
import dev.tandem.analysis.MetricsService;
import dev.tandem.triplet.TripletMetricsService;
import dev.tandem.export.ExportFilter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code metrics --experiment SLUG [--json] [--timing-ok-only] [--min-shared-trials N] [--out-svg FILE]
 * [--frames-svg FILE] [--consistency-svg FILE] [--consistency-csv FILE]}: accuracy per observer and condition with Wilson
 * intervals, confusion matrix, error consistency per pair kind and per pair (κ with its chance range
 * and bootstrap CI; means only over cells with at least N shared trials, default 20), and
 * psychometric curves; optionally the curves and the κ matrix as SVG and the κ rows as CSV. For a
 * triplet experiment: catch exclusions, the noise ceiling, each model's agreement, normalised score,
 * RSA and coverage, and the split-half RSA ceiling ({@code --json}: as GET …/metrics).
 */
final class MetricsCommand implements Command {

    @Override
    public String usage() {
        return "metrics --experiment SLUG [--json] [--timing-ok-only] [--kind human,model] [--version N]"
                + " [--min-shared-trials N] [--out-svg FILE] [--frames-svg FILE] [--consistency-svg FILE] [--consistency-csv FILE]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws Exception {
        ExportFilter filter = ExportCommand.filter(args);
        int minimum = args.intOption("min-shared-trials", ConsistencyOptions.DEFAULT_MIN_SHARED_TRIALS);
        if (minimum < 1) {
            throw new Args.UsageException("--min-shared-trials must be at least 1, was " + minimum);
        }
        ConsistencyOptions options = ConsistencyOptions.DEFAULT.withMinSharedTrials(minimum);
        try (Tandem tandem = Tandem.open(config, 4)) {
            if (filter.experimentSlug() != null && tandem.experiments.current(filter.experimentSlug()).definition().triplet() != null) {
                // A triplet experiment: agreement, ceilings and RSA (issue 13), as GET …/metrics answers.
                var report = tandem.tripletMetrics.metrics(filter, TripletMetricsService.Options.defaults());
                if (args.flag("json")) {
                    out.println(tandem.json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
                } else {
                    new TripletMetricsReport(out).print(report);
                }
                return 0;
            }
            MetricsService.Metrics metrics = tandem.metrics.metrics(filter, options);
            if (args.flag("json")) {
                out.println(tandem.json.writerWithDefaultPrettyPrinter().writeValueAsString(metrics));
            } else {
                new MetricsReport(out).print(metrics);
            }
            if (args.option("out-svg").isPresent()) {
                Path svg = Path.of(args.option("out-svg").get());
                Files.writeString(svg, tandem.metrics.psychometricSvg(filter));
                if (!args.flag("json")) { // keep JSON output parseable
                    out.println("Wrote psychometric curves to " + svg);
                }
            }
            if (args.option("frames-svg").isPresent()) {
                Path svg = Path.of(args.option("frames-svg").get());
                Files.writeString(svg, tandem.metrics.framesShownSvg(filter, name(filter) + ": frames shown"));
                if (!args.flag("json")) {
                    out.println("Wrote accuracy by frames shown to " + svg);
                }
            }
            if (args.option("consistency-svg").isPresent()) {
                Path svg = Path.of(args.option("consistency-svg").get());
                Files.writeString(svg, tandem.metrics.consistencySvg(filter, name(filter), options));
                if (!args.flag("json")) {
                    out.println("Wrote the error-consistency matrix to " + svg);
                }
            }
            if (args.option("consistency-csv").isPresent()) {
                Path csv = Path.of(args.option("consistency-csv").get());
                Files.writeString(csv, tandem.metrics.consistencyCsv(filter, options));
                if (!args.flag("json")) {
                    out.println("Wrote the error-consistency rows to " + csv);
                }
            }
        }
        return 0;
    }

    private static String name(ExportFilter filter) {
        return filter.experimentSlug() != null ? filter.experimentSlug() : filter.study();
    }
}
