package dev.tandem.analysis;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over trials for κ of one pair in one condition: the shared trials are
 * drawn with replacement (which only needs the 2×2 table of right/wrong counts, so it is drawn as
 * a multinomial of those four counts) and κ recomputed.
 * The replicates are kept so a mean over conditions can be bootstrapped replicate by replicate
 * (a stratified bootstrap: each condition's trials are resampled within that condition).
 */
public final class KappaBootstrap {

    private KappaBootstrap() {
    }

    /**
     * {@code resamples} bootstrap replicates of κ.
     *
     * @param bothRight   trials both observers got right
     * @param firstOnly   trials only the first got right
     * @param secondOnly  trials only the second got right
     * @param bothWrong   trials both got wrong
     */
    public static double[] replicates(int bothRight, int firstOnly, int secondOnly, int bothWrong,
                                      int resamples, SplittableRandom random) {
        int n = bothRight + firstOnly + secondOnly + bothWrong;
        double[] kappas = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            // n trials drawn with replacement = a multinomial draw of the four cell counts, made as
            // a chain of binomials (each cell given the ones before it)
            int both = binomial(n, (double) bothRight / n, random);
            int left = n - both;
            int rest = firstOnly + secondOnly + bothWrong;
            int first = rest == 0 ? 0 : binomial(left, (double) firstOnly / rest, random);
            left -= first;
            rest -= firstOnly;
            int second = rest == 0 ? 0 : binomial(left, (double) secondOnly / rest, random);
            kappas[b] = KappaChance.kappa(n, both + first, both + second, both);
        }
        return kappas;
    }

    /**
     * A Binomial(n, p) draw by inversion (Kachitvichyanukul &amp; Schmeiser 1988, "BINV"): about
     * n·min(p, 1−p) steps and one uniform, instead of n uniforms; by counting Bernoulli draws
     * when (1−p)^n would underflow.
     */
    static int binomial(int n, double p, SplittableRandom random) {
        if (n == 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(n, 1 - p, random);
        }
        double q = 1 - p;
        double r = Math.pow(q, n);
        if (r < 1e-300) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                k += random.nextDouble() < p ? 1 : 0;
            }
            return k;
        }
        double s = p / q;
        double a = (n + 1) * s;
        double u = random.nextDouble();
        int x = 0;
        while (u > r && x < n) {
            u -= r;
            x++;
            r *= a / x - s;
        }
        return x;
    }

    /** The central 95 % of {@code values} (linear interpolation between order statistics). */
    public static Range percentile95(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Range(quantile(sorted, 0.025), quantile(sorted, 0.975));
    }

    private static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int below = (int) Math.floor(h);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }

    /** A stream for one named cell, the same whatever order the cells are computed in. */
    static SplittableRandom stream(long seed, String... names) {
        long h = seed;
        for (String name : names) {
            h = h * 0x9E3779B97F4A7C15L + (name == null ? 0 : name.hashCode());
            h ^= h >>> 31;
        }
        return new SplittableRandom(h);
    }
}
