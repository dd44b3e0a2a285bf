package dev.tandem.analysis;

/**
 * Share of correct trials with its 95% Wilson interval.
 *
 * @param proportion correct / trials, or null when there are no trials
 */
public record Accuracy(long correct, long trials, Double proportion, WilsonInterval interval) {

    public static Accuracy of(long correct, long trials) {
        return new Accuracy(correct, trials, trials == 0 ? null : (double) correct / trials,
                WilsonInterval.of(correct, trials));
    }

    public static Accuracy of(Iterable<ObservedTrial> trials) {
        long n = 0;
        long correct = 0;
        for (ObservedTrial trial : trials) {
            n++;
            if (trial.correct()) {
                correct++;
            }
        }
        return of(correct, n);
    }
}
