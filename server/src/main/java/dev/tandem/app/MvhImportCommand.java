package dev.tandem.app;

import dev.tandem.analysis.MvhImportService;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code import mvh DIR --study NAME}: imports model-vs-human raw-data CSVs (a raw-data folder or
 * one dataset folder) as observers of an imported study, file by file and idempotently. Exit code 1
 * when a file was malformed (the others are kept).
 */
final class MvhImportCommand implements Command {

    @Override
    public String usage() {
        return "import mvh DIR --study NAME";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) {
        Path directory = Path.of(args.positional(0, "DIR"));
        String study = args.option("study").orElseThrow(() -> new Args.UsageException("missing --study NAME"));
        MvhImportService.Report report;
        try (Tandem tandem = Tandem.open(config, 4)) {
            report = tandem.mvhImport.importDirectory(directory, study, ConsoleProgress.start(out, "Importing files"));
        }
        out.printf("Study %s: %d imported, %d unchanged, %d replaced, %d malformed%n", study,
                report.imported().size(), report.unchanged().size(), report.replaced().size(), report.rejected().size());
        list(out, "imported", report.imported());
        // unchanged files are only counted: a re-import of the 141 published files would list them all
        list(out, "replaced", report.replaced());
        // each rejection already reads "path:line: problem"
        list(out, "malformed (nothing of the file kept)", report.rejected());
        return report.ok() ? 0 : 1;
    }

    private static void list(PrintStream out, String heading, List<String> files) {
        if (!files.isEmpty()) {
            out.println(heading + ":");
            files.forEach(f -> out.println("  " + f));
        }
    }
}
