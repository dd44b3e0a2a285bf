package dev.tandem.clickme;

import dev.tandem.model.Classifier;
import dev.tandem.stimulus.PngEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Partner latency under load (issue 5): simulated players reveal squares at the painting rate
 * and query every {@code revealsPerQuery} reveals; each query runs the server's path — compose
 * the reveals over noise, encode the PNG, wait in the shared {@link PartnerQueue}, run the model
 * batch — and its latency is measured from the start of composition to the prediction.
 * HTTP and the database insert are not included. Players start at random offsets and pause
 * 0.8–1.2 × {@code thinkMs} between queries, as people do not click in lockstep.
 */
public final class PartnerBenchmark {

    /** What to simulate. {@code thinkMs} = time between a player's queries (10 reveals × 50 ms). */
    public record Plan(int players, int revealsPerQuery, int revealSize, long thinkMs, double seconds, int timeLimitMs,
                       RevealComposition.Noise noise) {}

    public record Result(long queries, double seconds, double p50Ms, double p95Ms, double p99Ms, double meanBatch) {

        public String summary() {
            return String.format(Locale.ROOT, "%d queries in %.1f s: %.1f queries/s; latency p50 %.1f ms, p95 %.1f ms, "
                    + "p99 %.1f ms; mean batch %.1f", queries, seconds, queries / seconds, p50Ms, p95Ms, p99Ms, meanBatch);
        }
    }

    private PartnerBenchmark() {}

    /** Runs the plan against {@code model} over the given stimuli (grey, all the same size). */
    public static Result run(Plan plan, List<StimulusPixels.Grey> stimuli,
                             Function<List<byte[]>, List<Classifier.Prediction>> model) throws InterruptedException {
        AtomicLong batches = new AtomicLong();
        AtomicLong batched = new AtomicLong();
        List<double[]> latencies = new ArrayList<>();
        try (PartnerQueue queue = new PartnerQueue("bench", pngs -> {
            batches.incrementAndGet();
            batched.addAndGet(pngs.size());
            return model.apply(pngs);
        }, Partners.MAX_BATCH)) {
            long end = System.nanoTime() + (long) (plan.seconds() * 1e9);
            List<Thread> players = new ArrayList<>();
            long started = System.nanoTime();
            for (int p = 0; p < plan.players(); p++) {
                double[] mine = new double[1 << 20];
                latencies.add(mine);
                int player = p;
                Thread thread = new Thread(() -> play(plan, stimuli, queue, player, end, mine), "player-" + p);
                thread.start();
                players.add(thread);
            }
            for (Thread t : players) {
                t.join();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double[] all = latencies.stream().flatMapToDouble(a -> Arrays.stream(a).filter(v -> v > 0)).sorted().toArray();
            return new Result(all.length, seconds, percentile(all, 0.50), percentile(all, 0.95), percentile(all, 0.99),
                    batches.get() == 0 ? 0 : (double) batched.get() / batches.get());
        }
    }

    private static void play(Plan plan, List<StimulusPixels.Grey> stimuli, PartnerQueue queue, int player, long end,
                             double[] latencies) {
        SplittableRandom random = new SplittableRandom(player);
        // Players do not start in lockstep: each starts at a random point of its first pause.
        sleep(plan.thinkMs() == 0 ? 0 : random.nextLong(plan.thinkMs()));
        int n = 0;
        int maxReveals = (int) Math.max(plan.revealsPerQuery(),
                plan.timeLimitMs() / Math.max(1, plan.thinkMs()) * plan.revealsPerQuery());
        while (System.nanoTime() < end && n < latencies.length) {
            StimulusPixels.Grey image = stimuli.get(random.nextInt(stimuli.size()));
            long seed = random.nextInt() & 0xFFFFFFFFL;
            List<Reveal> reveals = new ArrayList<>();
            while (reveals.size() < maxReveals && System.nanoTime() < end && n < latencies.length) {
                for (int i = 0; i < plan.revealsPerQuery(); i++) {
                    reveals.add(new Reveal(random.nextInt(image.width()), random.nextInt(image.height()),
                            plan.revealSize(), 0));
                }
                sleep(plan.thinkMs() == 0 ? 0 : (long) (plan.thinkMs() * (0.8 + 0.4 * random.nextDouble())));
                long t0 = System.nanoTime();
                byte[] composed = RevealComposition.compose(image.values(), image.width(), image.height(), reveals, seed,
                        plan.noise());
                queue.classify(PngEncoder.encodeGray(image.width(), image.height(), composed)).join();
                latencies[n++] = Math.max(1e-6, (System.nanoTime() - t0) / 1e6);
            }
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Grey pixels of a PNG, nearest-upscaled by an integer factor (as the demo renders 28 → 224). */
    public static StimulusPixels.Grey upscaled(byte[] png, int factor) {
        StimulusPixels.Grey source = StimulusPixels.decode(png);
        int w = source.width() * factor;
        int h = source.height() * factor;
        byte[] values = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                values[y * w + x] = source.values()[(y / factor) * source.width() + x / factor];
            }
        }
        return new StimulusPixels.Grey(w, h, values);
    }
}
