package dev.tandem.app;

import dev.tandem.stimulus.FashionMnistSubset;
import java.io.PrintStream;
import java.nio.file.Path;

/** Commands on stimulus sets. */
final class StimuliCommands {

    private StimuliCommands() {}

    /** {@code stimuli import DIR}: stores a stimulus set folder (manifest.json + images/). */
    static final class Import implements Command {
        @Override
        public String usage() {
            return "stimuli import DIR";
        }

        @Override
        public int run(Args args, AppConfig config, PrintStream out) {
            try (Tandem tandem = Tandem.open(config, 4)) {
                var set = tandem.stimuli.importSet(Path.of(args.positional(0, "DIR")));
                out.println("Stimulus set " + set.name() + " " + set.version() + " ready");
            }
            return 0;
        }
    }

    /** {@code stimuli build-fashion-mnist}: rebuilds stimuli/fashion-mnist from Debian's IDX files. */
    static final class BuildFashionMnist implements Command {
        @Override
        public String usage() {
            return "stimuli build-fashion-mnist [--idx-dir /usr/share/datasets/fashion-mnist] [--out stimuli/fashion-mnist]";
        }

        @Override
        public int run(Args args, AppConfig config, PrintStream out) throws Exception {
            Path idx = Path.of(args.option("idx-dir").orElse("/usr/share/datasets/fashion-mnist"));
            Path target = Path.of(args.option("out").orElse("stimuli/fashion-mnist"));
            FashionMnistSubset.build(idx, target);
            out.println("Wrote " + target);
            return 0;
        }
    }
}
