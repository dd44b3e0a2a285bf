package dev.tandem.analysis.mvh;

import dev.tandem.analysis.Accuracy;
import dev.tandem.analysis.ErrorConsistency;
import dev.tandem.analysis.ObservedTrial;
import dev.tandem.analysis.ObserverKind;
import dev.tandem.analysis.OutcomeIndex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The model-vs-human benchmark (Geirhos et al. 2021, "Partial success in closing the gap between
 * human and machine vision"): accuracy difference, observed consistency, error consistency and
 * OOD accuracy, per model and for humans, following bethgelab/model-vs-human's
 * {@code plotting/plot.py} ({@code get_raw_benchmark_df}, {@code format_benchmark_df},
 * {@code get_mean_over_datasets}).
 *
 * <p>For the 12 parametric datasets each metric is computed per condition (leaving out the
 * conditions of {@link #LEFT_OUT}: the undistorted control, and levels where humans are near chance);
 * the other datasets are one pool of trials each. A model is compared with each human subject:
 * mean over conditions, then over subjects, then over datasets. The humans row does the same
 * over every unordered pair of subjects. OOD accuracy is accuracy pooled over the kept trials of a
 * dataset, then averaged over datasets.
 */
public final class MvhBenchmark {

    /** Conditions left out per parametric dataset, written as pandas prints them (plot.py's EXCLUDE_CONDITIONS). */
    public static final Map<String, Set<String>> LEFT_OUT = Map.ofEntries(
            Map.entry("colour", Set.of("cr")),
            Map.entry("contrast", Set.of("c100", "c03", "c01")),
            Map.entry("high-pass", Set.of("inf", "0.55", "0.45", "0.4")),
            Map.entry("low-pass", Set.of("0", "15", "40")),
            Map.entry("phase-scrambling", Set.of("0", "150", "180")),
            Map.entry("power-equalisation", Set.of("0")),
            Map.entry("false-colour", Set.of("True")),
            Map.entry("rotation", Set.of("0")),
            Map.entry("eidolonI", Set.of("1-10-10", "64-10-10", "128-10-10")),
            Map.entry("eidolonII", Set.of("1-3-10", "32-3-10", "64-3-10", "128-3-10")),
            Map.entry("eidolonIII", Set.of("1-0-10", "16-0-10", "32-0-10", "64-0-10", "128-0-10")),
            Map.entry("uniform-noise", Set.of("0.0", "0.6", "0.9")));

    /** Condition key of the datasets that are one pool of trials (cue-conflict, edge, silhouette, sketch, stylized). */
    static final String POOLED = "all";

    /**
     * One observer's figures (the four benchmark metrics) on one dataset, or averaged over
     * {@code datasets} datasets. Consistency figures are NaN where a dataset has no human to compare with.
     */
    public record Row(String observer, ObserverKind kind, double accuracyDifference, double observedConsistency,
                      double errorConsistency, double oodAccuracy, int datasets) {
    }

    /** The benchmark table (models by name, then "humans") and its per-dataset rows. */
    public record Result(List<Row> rows, Map<String, List<Row>> byDataset) {
    }

    public Result compute(Collection<MvhDataset> datasets) {
        Map<String, List<Row>> byDataset = new TreeMap<>();
        for (MvhDataset dataset : datasets) {
            byDataset.put(dataset.name(), rowsOf(dataset));
        }
        Map<String, List<Row>> byObserver = new TreeMap<>();
        byDataset.values().forEach(rows -> rows.forEach(
                row -> byObserver.computeIfAbsent(row.observer(), k -> new ArrayList<>()).add(row)));
        List<Row> rows = new ArrayList<>();
        byObserver.forEach((observer, perDataset) -> {
            if (!observer.equals(MvhDataset.HUMANS)) {
                rows.add(average(observer, perDataset));
            }
        });
        if (byObserver.containsKey(MvhDataset.HUMANS)) {
            rows.add(average(MvhDataset.HUMANS, byObserver.get(MvhDataset.HUMANS)));
        }
        return new Result(rows, byDataset);
    }

    /** The kept trials of a dataset: left-out conditions dropped, or the whole dataset as one pool. */
    static List<ObservedTrial> keptTrials(MvhDataset dataset) {
        Set<String> leftOut = LEFT_OUT.get(dataset.name());
        List<ObservedTrial> kept = new ArrayList<>();
        for (ObservedTrial t : dataset.trials()) {
            if (leftOut == null) {
                kept.add(new ObservedTrial(t.observerId(), t.kind(), t.group(), POOLED, t.stimulusKey(),
                        t.category(), t.response(), null, null));
            } else if (!leftOut.contains(t.condition())) {
                kept.add(t);
            }
        }
        return kept;
    }

    private List<Row> rowsOf(MvhDataset dataset) {
        List<ObservedTrial> kept = keptTrials(dataset);
        OutcomeIndex index = new OutcomeIndex(kept);
        List<String> humans = index.observers().stream().filter(o -> index.kind(o) == ObserverKind.HUMAN).toList();
        List<Row> rows = new ArrayList<>();
        for (String model : index.observers()) {
            if (index.kind(model) == ObserverKind.MODEL) {
                List<double[]> perHuman = new ArrayList<>();
                humans.forEach(h -> perHuman.add(overConditions(index.byCondition(model, h))));
                rows.add(row(model, ObserverKind.MODEL, perHuman,
                        Accuracy.of(kept.stream().filter(t -> t.observerId().equals(model)).toList())));
            }
        }
        if (!humans.isEmpty()) {
            List<double[]> perPair = new ArrayList<>();
            for (int i = 0; i < humans.size(); i++) {
                for (int j = i + 1; j < humans.size(); j++) {
                    perPair.add(overConditions(index.byCondition(humans.get(i), humans.get(j))));
                }
            }
            rows.add(row(MvhDataset.HUMANS, ObserverKind.HUMAN, perPair,
                    Accuracy.of(kept.stream().filter(t -> t.kind() == ObserverKind.HUMAN).toList())));
        }
        return rows;
    }

    /** {accuracy difference, observed consistency, error consistency}, each the mean over conditions. */
    private static double[] overConditions(Map<String, ErrorConsistency> byCondition) {
        Collection<ErrorConsistency> values = byCondition.values();
        return new double[] {
                mean(values, ErrorConsistency::squaredAccuracyDifference),
                mean(values, ErrorConsistency::observedConsistency),
                mean(values, ErrorConsistency::errorConsistency)};
    }

    private static Row row(String observer, ObserverKind kind, List<double[]> comparisons, Accuracy accuracy) {
        return new Row(observer, kind, mean(comparisons, c -> c[0]), mean(comparisons, c -> c[1]),
                mean(comparisons, c -> c[2]), accuracy.proportion() == null ? Double.NaN : accuracy.proportion(), 1);
    }

    private static Row average(String observer, List<Row> perDataset) {
        return new Row(observer, perDataset.get(0).kind(),
                mean(perDataset, Row::accuracyDifference), mean(perDataset, Row::observedConsistency),
                mean(perDataset, Row::errorConsistency), mean(perDataset, Row::oodAccuracy), perDataset.size());
    }

    /** Mean of the values that are not NaN; NaN when there are none. */
    private static <T> double mean(Collection<T> items, ToDoubleFunction<T> value) {
        return items.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }
}
