package dev.tandem.app;

import dev.tandem.clickme.PartnerBenchmark;
import dev.tandem.clickme.StimulusPixels;
import dev.tandem.model.Classifier;
import dev.tandem.model.ModelFolder;
import dev.tandem.model.Engines;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench partner}: ClickMe partner latency under load — simulated players querying the
 * demo model every 10 reveals through the micro-batching queue (issue 5). Prints p50/p95
 * latency and queries per second, first at the game's pace (a query per 10 reveals × 50 ms),
 * then with no pause between a player's queries (the queue's capacity).
 */
final class PartnerBenchmarkCommand implements Command {

    @Override
    public String usage() {
        return "bench partner [--players 32] [--reveals-per-query 10] [--think-ms 500] [--seconds 20]"
                + " [--model stimuli/fashion-mnist/models/fashion-cnn]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws Exception {
        Path set = config.stimuliDirectory().resolve("fashion-mnist");
        Path modelFolder = args.option("model").map(Path::of).orElse(set.resolve("models").resolve("fashion-cnn"));
        List<StimulusPixels.Grey> stimuli = new ArrayList<>();
        try (var files = Files.list(set.resolve("images"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".png")).sorted().limit(100).toList()) {
                stimuli.add(PartnerBenchmark.upscaled(Files.readAllBytes(file), 8));
            }
        }
        int players = args.intOption("players", 32);
        int perQuery = args.intOption("reveals-per-query", 10);
        int seconds = args.intOption("seconds", 20);
        try (Classifier classifier = Classifier.open(ModelFolder.read(modelFolder), Engines.fromEnvironment())) {
            classifier.predict(List.of(encode(stimuli.get(0)))); // load and warm up
            out.printf("Partner %s, %d players, a query every %d reveals, %d s per run, %d cores%n",
                    classifier.manifest().name(), players, perQuery, seconds, Runtime.getRuntime().availableProcessors());
            for (long think : new long[] {args.intOption("think-ms", 500), 0}) {
                var plan = new PartnerBenchmark.Plan(players, perQuery, 14, think, seconds, 7000,
                        new dev.tandem.clickme.RevealComposition.Noise(0, 64));
                var result = PartnerBenchmark.run(plan, stimuli, classifier::predict);
                out.printf("  %s: %s%n", think > 0 ? "game pace (" + think + " ms between a player's queries)"
                        : "no pause (capacity)", result.summary());
            }
        }
        return 0;
    }

    private static byte[] encode(StimulusPixels.Grey grey) {
        return dev.tandem.stimulus.PngEncoder.encodeGray(grey.width(), grey.height(), grey.values());
    }
}
