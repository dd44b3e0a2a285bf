package dev.tandem.app;

import dev.tandem.model.ModelFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads the built-in stimulus sets, experiments and models under {@code stimuli/} (idempotently). */
final class BuiltIns {

    private BuiltIns() {}

    /**
     * Loads everything, one process at a time: servers starting together on a fresh database (the
     * compose file and the Kubernetes manifests start two) would otherwise insert the same
     * built-in twice, and the second would fail on its unique key.
     */
    static void load(Tandem tandem, PrintStream out) throws IOException {
        try {
            tandem.database.whileLocked("tandem:built-ins", () -> loadAll(tandem, out));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void loadAll(Tandem tandem, PrintStream out) throws IOException {
        Path root = tandem.config.stimuliDirectory();
        if (!Files.isDirectory(root)) {
            out.println("No built-in stimuli folder at " + root.toAbsolutePath() + " (--stimuli-dir)");
            return;
        }
        for (Path set : sorted(root)) {
            if (!Files.exists(set.resolve("manifest.json"))) {
                continue;
            }
            var imported = tandem.stimuli.importSet(set);
            out.println("Stimulus set " + imported.name() + " " + imported.version() + " ready");
            Path experiments = set.resolve("experiments");
            if (Files.isDirectory(experiments)) {
                for (Path file : sorted(experiments)) {
                    if (file.toString().endsWith(".json")) {
                        var loaded = tandem.experiments.load(tandem.json.readTree(file.toFile()),
                                ConsoleProgress.start(out, "Rendering " + file.getFileName()));
                        out.println("Experiment " + loaded.experiment().slug() + " v" + loaded.experiment().version()
                                + (loaded.created() ? " loaded" : " ready"));
                    }
                }
            }
            registerModels(tandem, set.resolve("models"), out);
        }
    }

    /**
     * Registers every {@code models/*} folder with a model.json. A folder that cannot be
     * registered (say, TensorFlow's natives are not installed) is reported and skipped: the
     * participant side works without models.
     */
    private static void registerModels(Tandem tandem, Path models, PrintStream out) throws IOException {
        if (!Files.isDirectory(models)) {
            return;
        }
        for (Path folder : sorted(models)) {
            if (!Files.isRegularFile(folder.resolve(ModelFolder.MANIFEST))) {
                continue;
            }
            try {
                var registered = tandem.models.register(folder);
                out.println("Model " + registered.model().name() + " " + registered.model().version()
                        + (registered.created() ? " registered" : " ready"));
            } catch (RuntimeException e) {
                out.println("Model folder " + folder + " not registered: " + e.getMessage());
            }
        }
    }

    private static List<Path> sorted(Path folder) throws IOException {
        try (var entries = Files.list(folder)) {
            return entries.sorted().toList();
        }
    }
}
