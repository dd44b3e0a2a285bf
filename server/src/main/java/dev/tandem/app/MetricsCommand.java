package dev.tandem.app;

import dev.tandem.analysis.MetricsService;
import dev.tandem.export.ExportFilter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code metrics --experiment SLUG [--json] [--timing-ok-only] [--out-svg FILE]}: accuracy per
 * observer and condition with Wilson intervals, confusion matrix, error consistency per pair kind
 * and per pair, and psychometric curves; optionally the curves as SVG.
 */
final class MetricsCommand implements Command {

    @Override
    public String usage() {
        return "metrics --experiment SLUG [--json] [--timing-ok-only] [--kind human,model] [--version N] [--out-svg FILE]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws Exception {
        ExportFilter filter = ExportCommand.filter(args);
        try (Tandem tandem = Tandem.open(config, 4)) {
            MetricsService.Metrics metrics = tandem.metrics.metrics(filter);
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
        }
        return 0;
    }
}
