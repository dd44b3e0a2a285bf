package dev.tandem.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Error consistency, observed consistency and squared accuracy difference between every pair of
 * observers, per condition and aggregated, each κ with the range expected for independent
 * observers ({@link KappaChance}) and a bootstrap CI over trials ({@link KappaBootstrap}).
 *
 * <p>The aggregate of a pair is the mean over the conditions in which the pair shares at least
 * {@link ConsistencyOptions#minSharedTrials()} trials, not κ over the pooled trials: pooling
 * conditions of different difficulty makes two observers look consistent merely because both
 * find the same conditions hard (the convention of model-vs-human, Geirhos et al. 2021). Its CI
 * resamples trials within each condition; its chance range is simulated (seeded) by drawing each
 * condition's κ from that condition's exact null. A pair-kind mean does the same over the pairs'
 * means; its bootstrap treats the pairs' cells as independent, which pairs sharing an observer
 * are not, so it is a lower bound on the uncertainty over people.
 */
public final class PairwiseConsistency {

    /**
     * One pair in one condition, or (condition null) the pair's mean over the conditions with
     * enough shared trials. The mean's figures are null when no condition has enough.
     *
     * @param sharedTrials      trials both observers answered (the aggregate: over all shared conditions)
     * @param conditions        conditions this row covers (1 for a condition row)
     * @param conditionsUsed    of those, the ones with at least the minimum of shared trials
     * @param kappa             Cohen's κ over correct/incorrect (the aggregate: mean over the used conditions)
     * @param kappaChance       central 95 % of κ for independent observers with the same accuracies
     * @param kappaCi           95 % percentile bootstrap CI over trials
     * @param exceedsChance     κ above {@code kappaChance.high}
     */
    public record PairResult(String first, String second, PairKind pairKind, String condition, int sharedTrials,
                             int conditions, int conditionsUsed, Double observedConsistency,
                             Double expectedConsistency, Double kappa, Range kappaChance, Range kappaCi,
                             Boolean exceedsChance, Double squaredAccuracyDifference) {

        /** Shares trials, but in no condition as many as the minimum: drawn hatched, left out of means. */
        public boolean belowMinimum() {
            return conditionsUsed == 0;
        }
    }

    /**
     * The mean over the pairs of one kind that have at least one condition with enough shared trials:
     * how consistent people are with each other, with the networks, and the networks with each other.
     *
     * @param pairs              pairs in the mean
     * @param pairsBelowMinimum  pairs that share trials but in no condition enough of them
     */
    public record KindSummary(PairKind pairKind, int pairs, int pairsBelowMinimum, Double observedConsistency,
                              Double kappa, Range kappaChance, Range kappaCi, Boolean exceedsChance,
                              Double squaredAccuracyDifference) {
    }

    /** Pair rows and pair-kind means, computed together because they share their resamples. */
    public record Result(ConsistencyOptions options, List<PairResult> pairs, List<KindSummary> byPairKind) {
    }

    private PairwiseConsistency() {
    }

    /** Every unordered pair of observers, each with its per-condition rows after its aggregate row. */
    public static Result compute(Collection<ObservedTrial> trials, ConsistencyOptions options) {
        OutcomeIndex index = new OutcomeIndex(trials);
        List<String> observers = index.observers();
        List<PairResult> results = new ArrayList<>();
        Map<PairKind, KindAccumulator> kinds = new EnumMap<>(PairKind.class);
        for (int i = 0; i < observers.size(); i++) {
            for (int j = i + 1; j < observers.size(); j++) {
                String first = observers.get(i);
                String second = observers.get(j);
                PairKind kind = PairKind.of(index.kind(first), index.kind(second));
                Map<String, ErrorConsistency> byCondition = index.byCondition(first, second);
                if (!byCondition.isEmpty()) {
                    results.addAll(pair(first, second, kind, byCondition, options,
                            kinds.computeIfAbsent(kind, k -> new KindAccumulator(options.resamples()))));
                }
            }
        }
        List<KindSummary> summaries = new ArrayList<>();
        kinds.forEach((kind, acc) -> summaries.add(acc.summary(kind)));
        return new Result(options, List.copyOf(results), List.copyOf(summaries));
    }

    private static List<PairResult> pair(String first, String second, PairKind kind,
                                         Map<String, ErrorConsistency> byCondition, ConsistencyOptions options,
                                         KindAccumulator kindTotals) {
        int resamples = options.resamples();
        double[] meanReplicates = new double[resamples];
        double[] chanceDraws = new double[resamples];
        SplittableRandom chanceRandom = KappaBootstrap.stream(options.seed(), "chance", first, second);
        List<PairResult> perCondition = new ArrayList<>();
        List<PairResult> used = new ArrayList<>();
        int shared = 0;
        for (Map.Entry<String, ErrorConsistency> entry : byCondition.entrySet()) {
            ErrorConsistency e = entry.getValue();
            int n = e.trials();
            int k1 = (int) Math.round(e.firstAccuracy() * n);
            int k2 = (int) Math.round(e.secondAccuracy() * n);
            int bothRight = (int) ((Math.round(e.observedConsistency() * n) - n + k1 + k2) / 2);
            KappaChance chance = new KappaChance(n, k1, k2);
            double[] replicates = KappaBootstrap.replicates(bothRight, k1 - bothRight, k2 - bothRight,
                    n - k1 - k2 + bothRight, resamples,
                    KappaBootstrap.stream(options.seed(), "bootstrap", first, second, entry.getKey()));
            Range chanceRange = chance.range95();
            boolean enough = n >= options.minSharedTrials();
            PairResult row = new PairResult(first, second, kind, entry.getKey(), n, 1, enough ? 1 : 0,
                    e.observedConsistency(), e.expectedConsistency(), e.errorConsistency(), chanceRange,
                    KappaBootstrap.percentile95(replicates), e.errorConsistency() > chanceRange.high(),
                    e.squaredAccuracyDifference());
            perCondition.add(row);
            shared += n;
            if (enough) {
                used.add(row);
                for (int b = 0; b < resamples; b++) {
                    meanReplicates[b] += replicates[b];
                    chanceDraws[b] += chance.draw(chanceRandom);
                }
            }
        }
        PairResult aggregate;
        if (used.isEmpty()) {
            aggregate = new PairResult(first, second, kind, null, shared, perCondition.size(), 0,
                    null, null, null, null, null, null, null);
            kindTotals.addBelowMinimum();
        } else {
            for (int b = 0; b < resamples; b++) {
                meanReplicates[b] /= used.size();
                chanceDraws[b] /= used.size();
            }
            double kappa = mean(used, PairResult::kappa);
            Range chanceRange = KappaBootstrap.percentile95(chanceDraws);
            aggregate = new PairResult(first, second, kind, null, shared, perCondition.size(), used.size(),
                    mean(used, PairResult::observedConsistency), mean(used, PairResult::expectedConsistency),
                    kappa, chanceRange, KappaBootstrap.percentile95(meanReplicates), kappa > chanceRange.high(),
                    mean(used, PairResult::squaredAccuracyDifference));
            kindTotals.add(aggregate, meanReplicates, chanceDraws);
        }
        List<PairResult> rows = new ArrayList<>();
        rows.add(aggregate);
        rows.addAll(perCondition);
        return rows;
    }

    private static double mean(List<PairResult> rows, ToDoubleFunction<PairResult> value) {
        return rows.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    /** Running sums over the pairs of one kind, replicate by replicate. */
    private static final class KindAccumulator {
        private final double[] replicates;
        private final double[] chance;
        private int pairs;
        private int belowMinimum;
        private double observed;
        private double kappa;
        private double difference;

        KindAccumulator(int resamples) {
            replicates = new double[resamples];
            chance = new double[resamples];
        }

        void add(PairResult aggregate, double[] pairReplicates, double[] pairChance) {
            pairs++;
            observed += aggregate.observedConsistency();
            kappa += aggregate.kappa();
            difference += aggregate.squaredAccuracyDifference();
            for (int b = 0; b < replicates.length; b++) {
                replicates[b] += pairReplicates[b];
                chance[b] += pairChance[b];
            }
        }

        void addBelowMinimum() {
            belowMinimum++;
        }

        KindSummary summary(PairKind kind) {
            if (pairs == 0) {
                return new KindSummary(kind, 0, belowMinimum, null, null, null, null, null, null);
            }
            double[] meanReplicates = new double[replicates.length];
            double[] meanChance = new double[chance.length];
            for (int b = 0; b < replicates.length; b++) {
                meanReplicates[b] = replicates[b] / pairs;
                meanChance[b] = chance[b] / pairs;
            }
            Range chanceRange = KappaBootstrap.percentile95(meanChance);
            double meanKappa = kappa / pairs;
            return new KindSummary(kind, pairs, belowMinimum, observed / pairs, meanKappa, chanceRange,
                    KappaBootstrap.percentile95(meanReplicates), meanKappa > chanceRange.high(), difference / pairs);
        }
    }
}
