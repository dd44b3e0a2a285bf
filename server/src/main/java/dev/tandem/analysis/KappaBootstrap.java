package dev.tandem.analysis;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over trials for κ of one pair in one condition: the shared trials are
 * drawn with replacement (which only needs the 2×2 table of right/wrong counts) and κ recomputed.
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
        int firstBound = bothRight + firstOnly;
        int secondBound = firstBound + secondOnly;
        double[] kappas = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            int right1 = 0;
            int right2 = 0;
            int both = 0;
            for (int i = 0; i < n; i++) {
                int trial = random.nextInt(n);
                if (trial < bothRight) {
                    both++;
                    right1++;
                    right2++;
                } else if (trial < firstBound) {
                    right1++;
                } else if (trial < secondBound) {
                    right2++;
                }
            }
            kappas[b] = KappaChance.kappa(n, right1, right2, both);
        }
        return kappas;
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
