package dev.tandem.analysis;

import java.util.Map;
import java.util.Optional;

/**
 * Error consistency of two observers on the same trials (Geirhos, Meding &amp; Wichmann 2020,
 * "Beyond accuracy", NeurIPS): Cohen's κ over trial-level correct/incorrect.
 *
 * @param trials                 trials both observers answered (matched by stimulus)
 * @param firstAccuracy          p1 on those trials
 * @param secondAccuracy         p2 on those trials
 * @param observedConsistency    c_obs, the share of trials both got right or both got wrong
 * @param expectedConsistency    c_exp = p1·p2 + (1−p1)(1−p2), c_obs of independent observers
 * @param errorConsistency       κ = (c_obs − c_exp)/(1 − c_exp); 1 when c_obs = 1
 */
public record ErrorConsistency(int trials, double firstAccuracy, double secondAccuracy,
                               double observedConsistency, double expectedConsistency,
                               double errorConsistency) {

    /**
     * Pairs the two observers' trials by key (stimulus), never by order: a trial present for only
     * one of them is ignored. Empty when they share no trial.
     *
     * @param first  stimulus key → correct, for one observer
     * @param second stimulus key → correct, for the other
     */
    public static Optional<ErrorConsistency> between(Map<String, Boolean> first, Map<String, Boolean> second) {
        int trials = 0;
        int firstCorrect = 0;
        int secondCorrect = 0;
        int agreements = 0;
        for (Map.Entry<String, Boolean> entry : first.entrySet()) {
            Boolean other = second.get(entry.getKey());
            if (other == null) {
                continue;
            }
            boolean mine = entry.getValue();
            trials++;
            firstCorrect += mine ? 1 : 0;
            secondCorrect += other ? 1 : 0;
            agreements += mine == other ? 1 : 0;
        }
        if (trials == 0) {
            return Optional.empty();
        }
        return Optional.of(of(trials, (double) firstCorrect / trials, (double) secondCorrect / trials,
                (double) agreements / trials));
    }

    /** From the two accuracies and c_obs, all on the same {@code trials} trials. */
    public static ErrorConsistency of(int trials, double p1, double p2, double observed) {
        double expected = p1 * p2 + (1 - p1) * (1 - p2);
        return new ErrorConsistency(trials, p1, p2, observed, expected, kappa(observed, expected));
    }

    /**
     * κ from c_obs and c_exp. c_obs = 1 gives 1 (as in the paper's code) — this also covers
     * c_exp = 1, which only happens when both observers are always right or always wrong, so they
     * agree on every trial.
     */
    public static double kappa(double observed, double expected) {
        if (observed < 0 || observed > 1 || expected < 0 || expected > 1) {
            throw new IllegalArgumentException("consistencies must lie in [0, 1]: c_obs=" + observed
                    + ", c_exp=" + expected);
        }
        if (observed == 1.0 || expected == 1.0) {
            return 1.0;
        }
        return (observed - expected) / (1.0 - expected);
    }

    /** (p1 − p2)², the accuracy difference of model-vs-human's benchmark. */
    public double squaredAccuracyDifference() {
        double difference = firstAccuracy - secondAccuracy;
        return difference * difference;
    }
}
