package dev.tandem.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KappaBootstrapTest {

    /** Mean and variance of {@code draws} Binomial(n, p) draws. */
    private static double[] moments(int n, double p, int draws) {
        SplittableRandom random = new SplittableRandom(17);
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < draws; i++) {
            int k = KappaBootstrap.binomial(n, p, random);
            assertTrue(k >= 0 && k <= n, "draw " + k + " of " + n);
            sum += k;
            squares += (double) k * k;
        }
        double mean = sum / draws;
        return new double[] {mean, squares / draws - mean * mean};
    }

    @Test
    void binomialDrawsHaveTheBinomialMeanAndVarianceForSmallLargeAndExtremeP() {
        for (double[] c : new double[][] {{120, 0.3}, {6, 0.5}, {40, 0.9}, {3000, 0.45}, {25, 0.02}}) {
            int n = (int) c[0];
            double p = c[1];
            double[] m = moments(n, p, 40_000);
            double variance = n * p * (1 - p);
            assertEquals(n * p, m[0], 5 * Math.sqrt(variance / 40_000) + 1e-9, "mean of Bin(" + n + ", " + p + ")");
            assertEquals(variance, m[1], 0.05 * variance + 1e-9, "variance of Bin(" + n + ", " + p + ")");
        }
        assertEquals(0, KappaBootstrap.binomial(10, 0, new SplittableRandom(1)));
        assertEquals(10, KappaBootstrap.binomial(10, 1, new SplittableRandom(1)));
    }

    @Test
    void resamplingATableKeepsItsTotalAndCentresOnItsKappa() {
        // 60 trials: 25 both right, 5 first only, 10 second only, 20 both wrong → κ ≈ 0.5
        double kappa = KappaChance.kappa(60, 30, 35, 25);
        double[] replicates = KappaBootstrap.replicates(25, 5, 10, 20, 4000, new SplittableRandom(3));
        double mean = java.util.Arrays.stream(replicates).average().orElseThrow();
        assertEquals(kappa, mean, 0.02);
        Range ci = KappaBootstrap.percentile95(replicates);
        assertTrue(ci.contains(kappa) && ci.high() - ci.low() > 0.2 && ci.high() - ci.low() < 0.6, ci.toString());
    }
}
