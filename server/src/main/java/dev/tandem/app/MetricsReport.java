package dev.tandem.app;

import dev.tandem.analysis.Accuracy;
import dev.tandem.analysis.AccuracyTable;
import dev.tandem.analysis.ConfusionMatrix;
import dev.tandem.analysis.MetricsService;
import dev.tandem.analysis.ModelReference;
import dev.tandem.analysis.PairwiseConsistency;
import dev.tandem.analysis.PsychometricCurve;
import dev.tandem.analysis.PsychometricFit;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The metrics of an experiment as plain-text tables for the console. */
final class MetricsReport {

    private final PrintStream out;

    MetricsReport(PrintStream out) {
        this.out = out;
    }

    void print(MetricsService.Metrics metrics) {
        out.printf("Metrics of %s%n", metrics.experiment());
        if (metrics.accuracyByObserver().isEmpty()) {
            out.println("No answered trials yet.");
            return;
        }
        accuracy("Accuracy by observer group (95% Wilson interval)", metrics.accuracyByGroup());
        accuracy("Accuracy by observer and condition (95% Wilson interval)", metrics.accuracyByObserver());
        confusion(metrics.confusion());
        consistency(metrics);
        curves("Psychometric curves: people's accuracy by requested presentation time (ms), per manipulation and level"
                + " (95% Wilson intervals)", metrics.byRequestedMs());
        curves("Psychometric curves: accuracy by stimulus frames shown, per refresh rate", metrics.byFramesShown());
        references(metrics.modelReferences());
    }

    private void accuracy(String title, List<AccuracyTable.Cell> cells) {
        out.printf("%n%s%n", title);
        out.printf("%-44s %-28s %8s %14s %8s%n", "observer", "condition", "accuracy", "95% interval", "trials");
        for (AccuracyTable.Cell cell : cells) {
            Accuracy a = cell.accuracy();
            out.printf(Locale.ROOT, "%-44s %-28s %8s %14s %8d%n", cell.observer(),
                    cell.condition() == null ? "(all)" : cell.condition(), proportion(a),
                    String.format(Locale.ROOT, "[%.3f, %.3f]", a.interval().lower(), a.interval().upper()), a.trials());
        }
    }

    private void confusion(ConfusionMatrix matrix) {
        out.printf("%nConfusion matrix, all observers (rows: true category; columns: response)%n");
        List<String> columns = matrix.responses();
        out.printf("%-14s", "");
        columns.forEach(c -> out.printf(" %9s", shorten(c)));
        out.println();
        for (int i = 0; i < matrix.categories().size(); i++) {
            out.printf("%-14s", shorten(matrix.categories().get(i)));
            for (long count : matrix.counts()[i]) {
                out.printf(" %9d", count);
            }
            out.println();
        }
    }

    private void consistency(MetricsService.Metrics metrics) {
        out.printf("%nError consistency by pair kind (Geirhos et al. 2020; mean over pairs of the mean over conditions"
                + " with at least %d shared trials)%n", metrics.minSharedTrials());
        out.printf("kappaChance: %s%nkappaCi: %s%n", metrics.kappaChanceMethod(), metrics.kappaCiMethod());
        if (metrics.consistencyByPairKind().isEmpty()) {
            out.println("(no two observers share a stimulus in a condition yet)");
            return;
        }
        out.printf("%-12s %6s %9s %8s %8s %18s %18s %7s %12s%n", "pair kind", "pairs", "too few", "c_obs", "kappa",
                "kappaChance", "kappaCi", "> chance", "(p1 - p2)^2");
        for (PairwiseConsistency.KindSummary s : metrics.consistencyByPairKind()) {
            out.printf(Locale.ROOT, "%-12s %6d %9d %8s %8s %18s %18s %7s %12s%n",
                    s.pairKind().name().toLowerCase(Locale.ROOT).replace('_', '-'), s.pairs(), s.pairsBelowMinimum(),
                    figure(s.observedConsistency()), figure(s.kappa()), range(s.kappaChance()), range(s.kappaCi()),
                    yesNo(s.exceedsChance()), figure(s.squaredAccuracyDifference()));
        }
        out.printf("%nError consistency by pair and condition (a pair's first row: mean over conditions with at least %d"
                + " shared trials; * a cell below that minimum)%n", metrics.minSharedTrials());
        out.printf("%-36s %-36s %-24s %7s %8s %8s %18s %18s %7s%n", "first", "second", "condition", "shared",
                "c_obs", "kappa", "kappaChance", "kappaCi", "> chance");
        for (PairwiseConsistency.PairResult r : metrics.consistency()) {
            String condition = r.condition() == null
                    ? String.format(Locale.ROOT, "(mean of %d/%d)", r.conditionsUsed(), r.conditions())
                    : (r.belowMinimum() ? "*" : "") + r.condition();
            out.printf(Locale.ROOT, "%-36s %-36s %-24s %7d %8s %8s %18s %18s %7s%n", r.first(), r.second(), condition,
                    r.sharedTrials(), figure(r.observedConsistency()), figure(r.kappa()), range(r.kappaChance()),
                    range(r.kappaCi()), yesNo(r.exceedsChance()));
        }
    }

    private static String figure(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String range(dev.tandem.analysis.Range range) {
        return range == null ? "–" : String.format(Locale.ROOT, "[%.3f, %.3f]", range.low(), range.high());
    }

    private static String yesNo(Boolean value) {
        return value == null ? "–" : value ? "yes" : "no";
    }

    private void curves(String title, List<PsychometricCurve> curves) {
        out.printf("%n%s%n", title);
        if (curves.isEmpty()) {
            out.println("(none)");
        }
        for (PsychometricCurve curve : curves) {
            out.printf("%s, %s%s:", curve.group(), curve.panel(), curve.refreshHz() == null ? "" : " @ " + curve.refreshHz() + " Hz");
            for (PsychometricCurve.Point p : curve.points()) {
                out.printf(Locale.ROOT, "  %d → %s [%.3f, %.3f] (n=%d)", p.x(), proportion(p.accuracy()),
                        p.accuracy().interval().lower(), p.accuracy().interval().upper(), p.accuracy().trials());
            }
            out.println();
            PsychometricFit fit = curve.fit();
            if (fit != null) {
                out.printf(Locale.ROOT, "    fit: logistic in ln ms, guess %.3f, lapse %.3f, alpha %.3f, beta %.3f;"
                                + " threshold at accuracy %.3f: %s, 95%% CI %s%n", fit.guessRate(), fit.lapse(), fit.alpha(),
                        fit.beta(), fit.thresholdAccuracy(),
                        fit.thresholdMs() == null ? "not reached within the tested durations" : String.format(Locale.ROOT, "%.1f ms", fit.thresholdMs()),
                        fit.thresholdCi() == null ? "–" : String.format(Locale.ROOT, "[%.1f, %.1f]",
                                fit.thresholdCi().low(), fit.thresholdCi().high()));
            }
        }
    }

    private void references(List<ModelReference> references) {
        out.printf("%nModels per manipulation (no presentation time): accuracy over the whole design and on the stimuli people saw%n");
        if (references.isEmpty()) {
            out.println("(none)");
            return;
        }
        out.printf("%-28s %-24s %26s %26s%n", "model", "manipulation", "whole design", "stimuli people saw");
        for (ModelReference r : references) {
            out.printf(Locale.ROOT, "%-28s %-24s %26s %26s%n", r.model(),
                    r.manipulation() + (r.level() == null || r.level().isEmpty() ? "" : " " + r.level()),
                    withInterval(r.wholeDesign()), withInterval(r.trialsPeopleSaw()));
        }
    }

    private static String withInterval(Accuracy a) {
        return a == null || a.proportion() == null ? "–" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f] n=%d",
                a.proportion(), a.interval().lower(), a.interval().upper(), a.trials());
    }

    private static String proportion(Accuracy a) {
        return a.proportion() == null ? "–" : String.format(Locale.ROOT, "%.3f", a.proportion());
    }

    private static String shorten(String name) {
        return name.length() <= 9 ? name : name.substring(0, 9);
    }
}
