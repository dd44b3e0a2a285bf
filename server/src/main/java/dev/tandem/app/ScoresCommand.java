package dev.tandem.app;

import dev.tandem.model.ScoreExport;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code scores --experiment SLUG --model NAME [--format csv|jsonl] [--out FILE]}: the model's
 * scores on the experiment, one row per scored stimulus (the CLI twin of
 * {@code GET /api/experiments/{slug}/scores}); to standard output or a file.
 */
final class ScoresCommand implements Command {

    @Override
    public String usage() {
        return "scores --experiment SLUG --model NAME [--format csv|jsonl] [--out FILE]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws Exception {
        return run(args, config, out, System.err);
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out, PrintStream err) throws Exception {
        String experiment = args.option("experiment").orElseThrow(() -> new Args.UsageException("--experiment is required"));
        String model = args.option("model").orElseThrow(() -> new Args.UsageException("--model is required"));
        ScoreExport.Format format = ScoreExport.Format.parse(args.option("format").orElse("csv"));
        Path file = args.option("out").map(Path::of).orElse(null);
        try (Tandem tandem = Tandem.open(config, 2)) {
            // check both names before creating the file, so a typo leaves no empty file behind
            tandem.models.find(model);
            tandem.experiments.current(experiment);
            long rows;
            if (file == null) {
                rows = tandem.scoring.exportScores(experiment, model, format, out);
                out.flush();
            } else {
                try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    rows = tandem.scoring.exportScores(experiment, model, format, stream);
                }
            }
            err.printf("Exported %d scored stimuli of %s by %s (%s)%s%n", rows, experiment, model,
                    format.extension(), file == null ? "" : " to " + file);
        }
        return 0;
    }
}
