package dev.tandem.app;

import dev.tandem.analysis.MvhBenchmarkService;
import dev.tandem.analysis.mvh.MvhBenchmark;
import dev.tandem.analysis.mvh.ShapeBias;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code benchmark --study NAME [--json]}: model-vs-human's benchmark of an imported study, as
 * their published table (models, then humans) with shape bias on cue-conflict, or as JSON.
 */
final class BenchmarkCommand implements Command {

    @Override
    public String usage() {
        return "benchmark --study NAME [--json]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws Exception {
        String study = args.option("study").orElseThrow(() -> new Args.UsageException("missing --study NAME"));
        try (Tandem tandem = Tandem.open(config, 4)) {
            MvhBenchmarkService.Benchmark benchmark = tandem.mvhBenchmark.benchmark(study);
            if (args.flag("json")) {
                out.println(tandem.json.writerWithDefaultPrettyPrinter().writeValueAsString(benchmark));
            } else {
                print(benchmark, out);
            }
        }
        return 0;
    }

    private static void print(MvhBenchmarkService.Benchmark benchmark, PrintStream out) {
        int datasets = benchmark.result().byDataset().size();
        out.printf("Study %s: %d datasets (model-vs-human benchmark, Geirhos et al. 2021)%n%n", benchmark.study(), datasets);
        out.printf("%-24s %16s %18s %19s %15s%n", "model", "accuracy diff. ↓", "obs. consistency ↑",
                "error consistency ↑", "OOD accuracy ↑");
        for (MvhBenchmark.Row row : benchmark.result().rows()) {
            out.printf("%-24s %16s %18s %19s %15s%n", row.observer(), three(row.accuracyDifference()),
                    three(row.observedConsistency()), three(row.errorConsistency()), three(row.oodAccuracy()));
        }
        if (!benchmark.shapeBias().isEmpty()) {
            out.printf("%nShape bias on cue-conflict (shape / (shape + texture) decisions)%n");
            for (ShapeBias bias : benchmark.shapeBias()) {
                out.printf("%-24s %6s  (%d shape, %d texture of %d conflict trials)%n", bias.observer(),
                        three(bias.shapeBias()), bias.shapeDecisions(), bias.textureDecisions(), bias.conflictTrials());
            }
        }
    }

    /** Three decimals without the leading zero, as the published table prints them ({@code .087}). */
    static String three(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.3f", value).replaceFirst("^(-?)0\\.", "$1.");
    }
}
