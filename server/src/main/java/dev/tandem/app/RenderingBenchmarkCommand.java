package dev.tandem.app;

import dev.tandem.db.Database;
import dev.tandem.db.embedded.EmbeddedPostgres;
import dev.tandem.stimulus.RenderingBenchmark;
import dev.tandem.stimulus.StimulusService;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code bench render [--repetitions 100]}: time to render and store masks and each manipulation,
 * on a temporary embedded PostgreSQL with the built-in Fashion-MNIST set (deleted afterwards).
 */
final class RenderingBenchmarkCommand implements Command {

    @Override
    public String usage() {
        return "bench render [--repetitions 100] [--stimuli-dir DIR]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) {
        int repetitions = args.intOption("repetitions", 100);
        Path set = config.stimuliDirectory().resolve("fashion-mnist");
        out.println("Starting a temporary PostgreSQL ...");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startTemporary();
             Database database = Database.open(postgres.jdbcUrl("postgres"), 4).migrate()) {
            StimulusService stimuli = new StimulusService(database.dsl());
            stimuli.importSet(set);
            new RenderingBenchmark(stimuli).run("fashion-mnist", repetitions, out);
        }
        return 0;
    }
}
