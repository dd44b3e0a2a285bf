package dev.tandem.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A psychometric function fitted by maximum likelihood to accuracy against presentation time:
 * P(t) = γ + (1 − γ − λ) / (1 + exp(−β (ln t − α))), a logistic in log-duration with the guess
 * rate γ fixed at 1/number of categories and a lapse rate λ fitted within [0, {@link #MAX_LAPSE}]
 * (Wichmann &amp; Hill 2001). Fitted with {@link NelderMead} from several starts.
 *
 * @param guessRate          γ
 * @param alpha              α, ln ms at the midpoint of the rise
 * @param beta               β, slope per ln ms
 * @param lapse              λ
 * @param thresholdAccuracy  the stated accuracy the threshold is read at: halfway from γ to 1
 * @param thresholdMs        the duration at which P reaches that accuracy; null when it does so outside the
 *                           tested durations (or never): a threshold is not extrapolated
 * @param thresholdCi        95 % percentile bootstrap CI of the threshold (trials resampled within each
 *                           duration, refitted, seeded; a refit whose threshold lies outside the tested
 *                           durations counts as beyond that end); null when the interval runs outside them
 * @param bootstrapFits      resamples refitted for the CI
 */
public record PsychometricFit(double guessRate, double alpha, double beta, double lapse, double thresholdAccuracy,
                              Double thresholdMs, Range thresholdCi, int bootstrapFits) {

    /** Lapses above 10 % are not lapses; bounding λ keeps the fit from explaining a shallow curve by them. */
    public static final double MAX_LAPSE = 0.1;
    public static final int BOOTSTRAP_FITS = 200;

    /** One duration's counts. */
    public record Counts(int ms, long correct, long trials) {
    }

    /** P at {@code ms}. */
    public double accuracyAt(double ms) {
        return guessRate + (1 - guessRate - lapse) / (1 + Math.exp(-beta * (Math.log(ms) - alpha)));
    }

    /**
     * The fit, or null with fewer than two durations (a threshold needs a rise to place).
     *
     * @param guessRate γ, 1 / number of categories
     */
    public static PsychometricFit fit(List<Counts> counts, double guessRate, long seed) {
        if (counts.stream().filter(c -> c.trials() > 0).count() < 2) {
            return null;
        }
        double[] parameters = maximumLikelihood(counts, guessRate);
        double thresholdAccuracy = guessRate + (1 - guessRate) / 2;
        double shortest = counts.stream().mapToInt(Counts::ms).min().orElseThrow();
        double longest = counts.stream().mapToInt(Counts::ms).max().orElseThrow();
        Double threshold = threshold(parameters, guessRate, thresholdAccuracy);
        if (threshold != null && (threshold < shortest || threshold > longest)) {
            threshold = null;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] thresholds = new double[BOOTSTRAP_FITS];
        for (int b = 0; b < BOOTSTRAP_FITS; b++) {
            List<Counts> resampled = new ArrayList<>();
            for (Counts c : counts) {
                double p = c.trials() == 0 ? 0 : (double) c.correct() / c.trials();
                long k = 0;
                for (long i = 0; i < c.trials(); i++) {
                    k += random.nextDouble() < p ? 1 : 0;
                }
                resampled.add(new Counts(c.ms(), k, c.trials()));
            }
            Double t = threshold(maximumLikelihood(resampled, guessRate), guessRate, thresholdAccuracy);
            // never reached, or beyond the longest duration: +∞; before the shortest: −∞
            thresholds[b] = t == null || t > longest ? Double.POSITIVE_INFINITY : t < shortest ? Double.NEGATIVE_INFINITY : t;
        }
        Range ci = bounded(thresholds);
        return new PsychometricFit(guessRate, parameters[0], Math.exp(parameters[1]), lapse(parameters[2]),
                thresholdAccuracy, threshold, ci, BOOTSTRAP_FITS);
    }

    /** The percentile interval, or null when either end lies outside the tested durations. */
    private static Range bounded(double[] thresholds) {
        double[] sorted = thresholds.clone();
        java.util.Arrays.sort(sorted);
        double low = sorted[(int) Math.floor(0.025 * (sorted.length - 1))];
        double high = sorted[(int) Math.ceil(0.975 * (sorted.length - 1))];
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            return null;
        }
        return KappaBootstrap.percentile95(sorted);
    }

    /** Parameters (α, ln β, θ) with λ = MAX_LAPSE · logistic(θ); the best of a few starts. */
    private static double[] maximumLikelihood(List<Counts> counts, double guessRate) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Counts c : counts) {
            lo = Math.min(lo, Math.log(c.ms()));
            hi = Math.max(hi, Math.log(c.ms()));
        }
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (double fraction : new double[] {0.25, 0.5, 0.75}) {
            double[] start = {lo + fraction * (hi - lo), Math.log(2), -1};
            double[] found = NelderMead.minimise(p -> negativeLogLikelihood(p, counts, guessRate), start,
                    new double[] {Math.max(0.5, (hi - lo) / 4), 0.5, 1}, 2000, 1e-10);
            double value = negativeLogLikelihood(found, counts, guessRate);
            if (value < bestValue) {
                bestValue = value;
                best = found;
            }
        }
        return best;
    }

    private static double negativeLogLikelihood(double[] p, List<Counts> counts, double guessRate) {
        double beta = Math.exp(p[1]);
        if (beta > 50) { // a step: the likelihood no longer changes, keep the simplex bounded
            return Double.POSITIVE_INFINITY;
        }
        double lapse = lapse(p[2]);
        double sum = 0;
        for (Counts c : counts) {
            double f = 1 / (1 + Math.exp(-beta * (Math.log(c.ms()) - p[0])));
            double accuracy = Math.min(1 - 1e-12, Math.max(1e-12, guessRate + (1 - guessRate - lapse) * f));
            sum -= c.correct() * Math.log(accuracy) + (c.trials() - c.correct()) * Math.log(1 - accuracy);
        }
        return sum;
    }

    private static double lapse(double theta) {
        return MAX_LAPSE / (1 + Math.exp(-theta));
    }

    private static Double threshold(double[] p, double guessRate, double accuracy) {
        double f = (accuracy - guessRate) / (1 - guessRate - lapse(p[2]));
        if (!(f > 0 && f < 1)) {
            return null;
        }
        double ms = Math.exp(p[0] + Math.log(f / (1 - f)) / Math.exp(p[1]));
        return Double.isFinite(ms) ? ms : null;
    }
}
