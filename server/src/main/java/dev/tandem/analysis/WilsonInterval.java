package dev.tandem.analysis;

/**
 * 95% Wilson score interval for a binomial proportion (Wilson 1927). Unlike the normal
 * approximation it stays inside [0, 1] and is sensible at 0 or n successes, which is common
 * at the shortest presentation times and for models at ceiling.
 */
public record WilsonInterval(double lower, double upper) {

    /** Two-sided 95% standard normal quantile. */
    public static final double Z95 = 1.959963984540054;

    /** The interval for {@code successes} out of {@code trials}; with no trials it is all of [0, 1]. */
    public static WilsonInterval of(long successes, long trials) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "need 0 <= successes <= trials, got " + successes + " of " + trials);
        }
        if (trials == 0) {
            return new WilsonInterval(0.0, 1.0);
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double halfWidth = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // exact bounds at the extremes; avoids -1e-17 style rounding
        double lower = successes == 0 ? 0.0 : Math.max(0.0, centre - halfWidth);
        double upper = successes == trials ? 1.0 : Math.min(1.0, centre + halfWidth);
        return new WilsonInterval(lower, upper);
    }
}
