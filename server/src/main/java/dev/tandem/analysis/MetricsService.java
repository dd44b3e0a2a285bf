package dev.tandem.analysis;

import dev.tandem.analysis.mvh.MvhImageId;
import dev.tandem.export.ComparisonRepository;
import dev.tandem.export.ComparisonRow;
import dev.tandem.export.ExportFilter;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics --experiment SLUG [--json]}: accuracy with Wilson intervals, confusion matrix,
 * pairwise error consistency and psychometric curves of an experiment, computed from the same
 * comparison rows the export writes (so the figures and the exported dataset cannot disagree).
 * Trials are paired by stimulus hash within a condition (manipulation, level, requested ms).
 */
public final class MetricsService {

    /** Everything the console and CLI show for one experiment. */
    public record Metrics(String experiment, List<AccuracyTable.Cell> accuracyByObserver,
                          List<AccuracyTable.Cell> accuracyByGroup, ConfusionMatrix confusion,
                          List<PairwiseConsistency.PairResult> consistency,
                          List<PsychometricCurve> byRequestedMs, List<PsychometricCurve> byFramesShown) {
    }

    private final DSLContext ctx;
    private final ComparisonRepository comparison;

    public MetricsService(DSLContext ctx, ComparisonRepository comparison) {
        this.ctx = ctx;
        this.comparison = comparison;
    }

    public Metrics metrics(ExportFilter filter) {
        List<ObservedTrial> trials = new ArrayList<>();
        comparison.stream(ctx, filter, row -> trials.add(observed(row)));
        String name = filter.experimentSlug() != null ? filter.experimentSlug() : filter.study();
        return new Metrics(name, AccuracyTable.byObserver(trials), AccuracyTable.byGroup(trials),
                ConfusionMatrix.of(trials), PairwiseConsistency.of(trials),
                PsychometricCurve.of(trials, PsychometricCurve.Axis.REQUESTED_MS),
                PsychometricCurve.of(trials, PsychometricCurve.Axis.FRAMES_SHOWN));
    }

    /** A comparison row as an observation; imported rows follow model-vs-human's naming of humans. */
    static ObservedTrial observed(ComparisonRow row) {
        boolean human = switch (row.observerKind()) {
            case "human" -> true;
            case "imported" -> row.observerId().startsWith("subject-");
            default -> false;
        };
        String condition = row.manipulation() + ":" + (row.level() == null ? "" : row.level())
                + (row.requestedMs() == null ? "" : ":" + row.requestedMs() + "ms");
        String stimulus = row.stimulusSha256() != null ? row.stimulusSha256()
                : MvhImageId.of(row.imageName());
        return new ObservedTrial(row.observerKind() + ":" + row.observerId(), human ? ObserverKind.HUMAN : ObserverKind.MODEL,
                human ? "humans" : row.observerId(), condition, stimulus, row.category(), row.response(),
                row.requestedMs(), row.framesShown());
    }
}
