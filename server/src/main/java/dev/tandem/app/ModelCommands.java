package dev.tandem.app;

import dev.tandem.model.DemoModelTrainer;
import dev.tandem.model.ModelFolder;
import dev.tandem.model.RegisteredModel;
import dev.tandem.model.ScoringBenchmark;
import dev.tandem.model.Engines;
import dev.tandem.model.TensorFlowNatives;
import java.io.PrintStream;
import java.nio.file.Path;

/** Commands on models: register, list, train or re-export the demo CNN, benchmark the scoring path. */
final class ModelCommands {

    private ModelCommands() {}

    /** {@code model add DIR}: checks a model folder (loading it once) and registers it. */
    static final class Add implements Command {
        @Override
        public String usage() {
            return "model add DIR";
        }

        @Override
        public int run(Args args, AppConfig config, PrintStream out) {
            try (Tandem tandem = Tandem.open(config, 2)) {
                var registered = tandem.models.register(Path.of(args.positional(0, "DIR")));
                RegisteredModel model = registered.model();
                out.println("Model " + model.name() + " " + model.version() + (registered.created()
                        ? " registered" : " was already registered") + " (content " + model.contentSha256() + ")");
            }
            return 0;
        }
    }

    /** {@code model list}: the registered models. */
    static final class ListModels implements Command {
        @Override
        public String usage() {
            return "model list";
        }

        @Override
        public int run(Args args, AppConfig config, PrintStream out) {
            try (Tandem tandem = Tandem.open(config, 2)) {
                var models = tandem.models.list();
                if (models.isEmpty()) {
                    out.println("No models registered (tandem model add DIR)");
                }
                for (RegisteredModel model : models) {
                    var training = model.manifest().training();
                    out.printf("%-20s %-8s %s  %d categories, %s%s  %s%n", model.name(), model.version(),
                            model.contentSha256().substring(0, 12), model.manifest().categories().size(),
                            model.manifest().reduction().name().toLowerCase(),
                            training == null ? "" : String.format(", test accuracy %.4f", training.testAccuracy()),
                            model.folder());
                }
            }
            return 0;
        }
    }

    /** {@code model train-demo}: trains the demo CNN on Fashion-MNIST and writes its model folder. */
    static final class TrainDemo implements Command {
        @Override
        public String usage() {
            return "model train-demo [--out DIR] [--idx-dir " + DemoModelTrainer.DEFAULT_DATA + "] [--epochs N] [--images N]";
        }

        @Override
        public int run(Args args, AppConfig config, PrintStream out) throws Exception {
            var defaults = DemoModelTrainer.Settings.defaults(Path.of(args.option("out").orElse("fashion-cnn")));
            var settings = new DemoModelTrainer.Settings(
                    Path.of(args.option("idx-dir").orElse(defaults.data().toString())), defaults.output(), defaults.seed(),
                    args.intOption("epochs", defaults.epochs()), defaults.batchSize(), args.intOption("images", 0));
            var outcome = new DemoModelTrainer(TensorFlowNatives.fromEnvironment(), out).train(settings);
            out.printf("Wrote %s: test accuracy %.4f on %,d images after %.0f s; register it with: tandem model add %s%n",
                    outcome.folder(), outcome.testAccuracy(), outcome.testImages(), outcome.trainingSeconds(), outcome.folder());
            return 0;
        }
    }

    /** {@code model reexport-demo}: the demo model folder again, same weights, with its embedding output. */
    static final class ReexportDemo implements Command {
        @Override
        public String usage() {
            return "model reexport-demo --from DIR --out DIR [--idx-dir " + DemoModelTrainer.DEFAULT_DATA + "]";
        }

        @Override
        public int run(Args args, AppConfig config, PrintStream out) throws Exception {
            Path from = Path.of(args.option("from").orElseThrow(() -> new Args.UsageException("--from DIR is required")));
            Path to = Path.of(args.option("out").orElseThrow(() -> new Args.UsageException("--out DIR is required")));
            var result = new DemoModelTrainer(TensorFlowNatives.fromEnvironment(), out).reexport(from, to,
                    Path.of(args.option("idx-dir").orElse(DemoModelTrainer.DEFAULT_DATA.toString())));
            out.printf("Wrote %s: the weights of %s with outputs probabilities and embedding%n", result.folder(), from);
            return 0;
        }
    }

    /** {@code model benchmark}: images per second, bare TensorFlow session vs Tandem's scoring path. */
    static final class Benchmark implements Command {
        @Override
        public String usage() {
            return "model benchmark [--model DIR] [--images N] [--batch N] [--rounds N]";
        }

        @Override
        public int run(Args args, AppConfig config, PrintStream out) throws Exception {
            Path folder = Path.of(args.option("model").orElse(
                    config.stimuliDirectory().resolve("fashion-mnist/models/fashion-cnn").toString()));
            new ScoringBenchmark(Engines.fromEnvironment(), out).run(ModelFolder.read(folder),
                    ScoringBenchmark.displayedStimuli(DemoModelTrainer.DEFAULT_DATA, args.intOption("images", 2048)),
                    args.intOption("batch", 64), args.intOption("rounds", 5));
            return 0;
        }
    }
}
