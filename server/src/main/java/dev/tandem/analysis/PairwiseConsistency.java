package dev.tandem.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Error consistency, observed consistency and squared accuracy difference between every pair of
 * observers, per condition and aggregated.
 *
 * <p>The aggregate of a pair is the mean over the conditions in which the pair shares trials,
 * not κ over the pooled trials: pooling conditions of different difficulty makes two observers
 * look consistent merely because both find the same conditions hard (the convention of
 * model-vs-human, Geirhos et al. 2021).
 */
public final class PairwiseConsistency {

    /**
     * One pair in one condition (condition null: the mean over its conditions; then
     * {@code trials} is the total and the other figures are means).
     */
    public record PairResult(String first, String second, PairKind pairKind, String condition, int trials,
                             double observedConsistency, double expectedConsistency,
                             double errorConsistency, double squaredAccuracyDifference) {
    }

    private PairwiseConsistency() {
    }

    /** Every unordered pair of observers, each with its per-condition rows after its aggregate row. */
    public static List<PairResult> of(Collection<ObservedTrial> trials) {
        OutcomeIndex index = new OutcomeIndex(trials);
        List<String> observers = index.observers();
        List<PairResult> results = new ArrayList<>();
        for (int i = 0; i < observers.size(); i++) {
            for (int j = i + 1; j < observers.size(); j++) {
                String first = observers.get(i);
                String second = observers.get(j);
                PairKind kind = PairKind.of(index.kind(first), index.kind(second));
                results.addAll(pair(first, second, kind, index.byCondition(first, second)));
            }
        }
        return results;
    }

    private static List<PairResult> pair(String first, String second, PairKind kind,
                                         Map<String, ErrorConsistency> byCondition) {
        if (byCondition.isEmpty()) {
            return List.of();
        }
        List<PairResult> perCondition = new ArrayList<>();
        byCondition.forEach((condition, e) -> perCondition.add(new PairResult(first, second, kind, condition,
                e.trials(), e.observedConsistency(), e.expectedConsistency(), e.errorConsistency(),
                e.squaredAccuracyDifference())));
        List<PairResult> rows = new ArrayList<>();
        rows.add(new PairResult(first, second, kind, null,
                perCondition.stream().mapToInt(PairResult::trials).sum(),
                mean(perCondition, PairResult::observedConsistency),
                mean(perCondition, PairResult::expectedConsistency),
                mean(perCondition, PairResult::errorConsistency),
                mean(perCondition, PairResult::squaredAccuracyDifference)));
        rows.addAll(perCondition);
        return rows;
    }

    private static double mean(List<PairResult> rows, ToDoubleFunction<PairResult> value) {
        return rows.stream().mapToDouble(value).average().orElse(Double.NaN);
    }
}
