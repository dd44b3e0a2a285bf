package dev.tandem.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code experiment load FILE}: validates and stores a definition (a new version if it changed). */
final class ExperimentLoadCommand implements Command {

    @Override
    public String usage() {
        return "experiment load FILE";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws Exception {
        Path file = Path.of(args.positional(0, "FILE"));
        if (!Files.isRegularFile(file)) {
            throw new Args.UsageException("no such file: " + file);
        }
        try (Tandem tandem = Tandem.open(config, 4)) {
            var document = tandem.json.readTree(file.toFile());
            var loaded = tandem.experiments.load(document, ConsoleProgress.start(out, "Rendering"));
            out.println((loaded.created() ? "Stored " : "Unchanged: ") + loaded.experiment().slug()
                    + " version " + loaded.experiment().version());
        }
        return 0;
    }
}
