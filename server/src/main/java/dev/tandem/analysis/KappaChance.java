package dev.tandem.analysis;

import java.util.SplittableRandom;

/**
 * The distribution of κ for two observers who answer independently of each other, given how
 * many of the {@code n} shared trials each got right (k₁, k₂).
 *
 * <p>Geirhos, Meding &amp; Wichmann (2020) take the observed consistency of independent observers
 * as binomial with p = c_exp. We use the exact version of that null instead: with both observers'
 * accuracies on these trials fixed, independence makes every assignment of the second observer's
 * k₂ correct trials equally likely, so the number of trials both got right is hypergeometric
 * (as in Fisher's exact test). κ is a nondecreasing function of that number, so its 2.5 % and
 * 97.5 % quantiles give a range that holds κ of independent observers with probability at least
 * 95 % — exactly, with no simulation and no seed. Unlike the binomial, it also knows that κ of an
 * observer who is right (or wrong) on every trial is always 0, and that two observers both wrong
 * on all of 6 trials reach κ = 1 by chance alone.
 */
public final class KappaChance {

    private final int n;
    private final int k1;
    private final int k2;
    private final int lowest;
    private final double[] cumulative;

    /** @param n shared trials; k1, k2 the trials each observer got right */
    public KappaChance(int n, int k1, int k2) {
        if (n < 1 || k1 < 0 || k2 < 0 || k1 > n || k2 > n) {
            throw new IllegalArgumentException("need 0 <= k1, k2 <= n and n >= 1, got n=" + n + ", k1=" + k1 + ", k2=" + k2);
        }
        this.n = n;
        this.k1 = k1;
        this.k2 = k2;
        this.lowest = Math.max(0, k1 + k2 - n);
        int highest = Math.min(k1, k2);
        // log weights by the ratio P(a+1)/P(a) = (k1−a)(k2−a) / ((a+1)(n−k1−k2+a+1)), normalised at the end
        double[] log = new double[highest - lowest + 1];
        for (int a = lowest; a < highest; a++) {
            log[a - lowest + 1] = log[a - lowest] + Math.log((double) (k1 - a) * (k2 - a))
                    - Math.log((double) (a + 1) * (n - k1 - k2 + a + 1));
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double l : log) {
            max = Math.max(max, l);
        }
        cumulative = new double[log.length];
        double sum = 0;
        for (int i = 0; i < log.length; i++) {
            sum += Math.exp(log[i] - max);
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    /** κ when both observers got {@code bothRight} of the trials right (and k₁, k₂ as given). */
    public double kappa(int bothRight) {
        return kappa(n, k1, k2, bothRight);
    }

    /** κ of a 2×2 table: n trials, k1 and k2 right, {@code bothRight} right for both. */
    public static double kappa(int n, int k1, int k2, int bothRight) {
        double observed = (double) (2 * bothRight + n - k1 - k2) / n;
        double p1 = (double) k1 / n;
        double p2 = (double) k2 / n;
        double expected = Math.min(1.0, p1 * p2 + (1 - p1) * (1 - p2));
        return ErrorConsistency.kappa(observed, expected);
    }

    /** The central 95 % of κ under independence: κ at the 2.5 % and the 97.5 % quantile. */
    public Range range95() {
        return new Range(kappa(quantile(0.025)), kappa(quantile(0.975)));
    }

    /** One κ drawn from the null, for simulating the chance range of a mean over cells. */
    public double draw(SplittableRandom random) {
        return kappa(quantile(random.nextDouble()));
    }

    /** The smallest count of both-right trials whose cumulative probability reaches {@code p}. */
    private int quantile(double p) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) { // binary search: cumulative is nondecreasing and ends at 1
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] >= p - 1e-12) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lowest + lo;
    }
}
