package dev.tandem.analysis;

/**
 * How error consistency is summarised and how its uncertainty is estimated.
 *
 * @param minSharedTrials a pair × condition cell enters a mean over conditions (and so the pair-kind
 *                        means and the matrix) only with at least this many shared trials; with few
 *                        trials κ of independent observers swings far from 0 (issue 11: about 6 shared
 *                        trials give κ = 1 whenever both are right, or wrong, on all of them)
 * @param resamples       bootstrap resamples for every κ CI, and simulated draws for the chance range
 *                        of a mean over conditions
 * @param seed            base seed; each cell derives its own stream from it and its names, so
 *                        results do not depend on the order observers are listed in
 */
public record ConsistencyOptions(int minSharedTrials, int resamples, long seed) {

    /** The default minimum of shared trials per cell (issue 11). */
    public static final int DEFAULT_MIN_SHARED_TRIALS = 20;
    public static final int DEFAULT_RESAMPLES = 1000;
    public static final long DEFAULT_SEED = 20_201_102L;

    public static final ConsistencyOptions DEFAULT =
            new ConsistencyOptions(DEFAULT_MIN_SHARED_TRIALS, DEFAULT_RESAMPLES, DEFAULT_SEED);

    public ConsistencyOptions {
        if (minSharedTrials < 1) {
            throw new IllegalArgumentException("minSharedTrials must be at least 1, got " + minSharedTrials);
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("resamples must be at least 100, got " + resamples);
        }
    }

    public ConsistencyOptions withMinSharedTrials(int minimum) {
        return new ConsistencyOptions(minimum, resamples, seed);
    }
}
