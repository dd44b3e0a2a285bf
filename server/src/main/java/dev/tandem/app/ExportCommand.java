package dev.tandem.app;

import dev.tandem.export.ExportFilter;
import dev.tandem.export.ExportFormat;
import dev.tandem.export.ExportLayout;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code export --experiment SLUG|--study NAME --format csv|jsonl|mvh [--layout comparison|responses]
 * [--out FILE] …}: streams the comparison dataset (or the responses export) to standard output or a
 * file, {@code mvh} as a zip of model-vs-human's raw-data folders; progress goes to standard error,
 * so the data can be piped.
 */
final class ExportCommand implements Command {

    @Override
    public String usage() {
        return "export --experiment SLUG|--study NAME --format csv|jsonl|mvh [--layout comparison|responses] [--out FILE]"
                + " [--kind human,model,imported] [--timing-ok-only] [--version N]";
    }

    /** The rows {@code export} and {@code metrics} read, from {@code --experiment}/{@code --study} and the filters. */
    static ExportFilter filter(Args args) {
        String experiment = args.option("experiment").orElse(null);
        String study = args.option("study").orElse(null);
        if ((experiment == null) == (study == null)) {
            throw new Args.UsageException("name one of --experiment SLUG and --study NAME");
        }
        Integer version = args.option("version").isPresent() ? args.intOption("version", 0) : null;
        return new ExportFilter(experiment, study, ExportFilter.kinds(args.option("kind").orElse(null)),
                args.flag("timing-ok-only"), version);
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws Exception {
        return run(args, config, out, System.err);
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out, PrintStream err) throws Exception {
        ExportFilter filter = filter(args);
        ExportFormat format = ExportFormat.parse(args.option("format").orElse("csv"));
        ExportLayout layout = ExportLayout.parse(args.option("layout").orElse("comparison"));
        Path file = args.option("out").map(Path::of).orElse(null);
        try (Tandem tandem = Tandem.open(config, 4)) {
            // check before creating the file, so a typo leaves no empty file behind
            tandem.comparisonExport.requireSource(filter);
            long rows;
            if (file == null) {
                rows = tandem.comparisonExport.export(filter, layout, format, out, ConsoleProgress.start(err, "Exporting"));
                out.flush();
            } else {
                try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    rows = tandem.comparisonExport.export(filter, layout, format, stream,
                            ConsoleProgress.start(err, "Exporting"));
                }
            }
            err.printf("Exported %d rows (%s)%s%n", rows, format.name().toLowerCase(),
                    file == null ? "" : " to " + file);
        }
        return 0;
    }
}
