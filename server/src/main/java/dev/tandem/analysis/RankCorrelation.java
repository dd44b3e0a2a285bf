package dev.tandem.analysis;

import java.util.Arrays;

/**
 * Spearman's rank correlation with average ranks for ties: one implementation for ClickMe
 * alignment (human vs model maps) and RSA (human vs model dissimilarity matrices).
 */
public final class RankCorrelation {

    private RankCorrelation() {}

    /** Spearman's ρ: Pearson's r of the ranks; null when either side is constant. */
    public static Double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("sides differ in size: " + x.length + " and " + y.length);
        }
        return pearson(ranks(x), ranks(y));
    }

    /** Ranks 1 … n; a run of equal values gets the mean of the ranks it spans. */
    public static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[values.length];
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    /** Pearson's r; null when either side is constant. */
    public static Double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int k = 0; k < x.length; k++) {
            xy += (x[k] - mx) * (y[k] - my);
            xx += (x[k] - mx) * (x[k] - mx);
            yy += (y[k] - my) * (y[k] - my);
        }
        if (xx == 0 || yy == 0) {
            return null;
        }
        return xy / Math.sqrt(xx * yy);
    }
}
