package dev.tandem.app;

import dev.tandem.analysis.Range;
import dev.tandem.triplet.TripletAnalysis;
import dev.tandem.triplet.TripletMetricsService;
import java.io.PrintStream;
import java.util.Locale;

/** The text form of a triplet experiment's metrics (issue 13), as {@code metrics} prints it. */
final class TripletMetricsReport {

    private final PrintStream out;

    TripletMetricsReport(PrintStream out) {
        this.out = out;
    }

    void print(TripletMetricsService.Report report) {
        var counts = report.counts();
        var analysis = report.analysis();
        out.printf(Locale.ROOT, "%s v%d (triplet odd-one-out): %d participants (%d excluded by catch accuracy below %.0f %%),"
                        + " %d judgements (%d catch), %d distinct triplets%n", report.experiment(), report.version(),
                counts.participants(), counts.excludedParticipants(), 100 * report.options().catchThreshold(),
                counts.judgements(), counts.catchJudgements(), counts.triplets());
        out.printf(Locale.ROOT, "Noise ceiling: %s over %d triplets judged by two or more (%d judgements)%n",
                estimate(analysis.noiseCeiling()), analysis.ceilingTriplets(), analysis.ceilingJudgements());
        var ceiling = report.rsaCeiling();
        out.printf(Locale.ROOT, "RSA ceiling (split half, Spearman–Brown): %s%s over %d splits%n",
                number(ceiling.ceiling()), range(ceiling.range()), ceiling.splits());
        out.printf(Locale.ROOT, "Models (%s similarity; chance 1/3; normalised = (agreement − 1/3) / (ceiling − 1/3)):%n",
                report.options().similarity());
        for (TripletAnalysis.ModelAgreement model : analysis.models()) {
            var rsa = report.rsa().stream().filter(r -> r.model().equals(model.model())).findFirst().orElse(null);
            var coverage = report.coverage().stream().filter(c -> c.model().equals(model.model())).findFirst().orElse(null);
            out.printf(Locale.ROOT, "  %s: agreement %s on %d judgements; normalised %s; RSA %s%s; answered %s%n",
                    model.model(), estimate(model.agreement()), model.humanJudgements(),
                    model.normalised().value() == null ? "n/d (ceiling not clearly above chance)" : estimate(model.normalised()),
                    rsa == null ? "n/d" : number(rsa.rsa()) + range(rsa.ci()),
                    rsa == null ? "" : " over " + rsa.pairs() + " pairs",
                    coverage == null ? "?" : coverage.answeredTriplets() + "/" + coverage.triplets() + " triplets from "
                            + String.join(" and ", coverage.sources()));
        }
        if (analysis.models().isEmpty()) {
            out.println("  none has answered these triplets (triplet score --model NAME --experiment "
                    + report.experiment() + ")");
        }
    }

    private static String estimate(TripletAnalysis.Estimate e) {
        return number(e.value()) + range(e.ci());
    }

    private static String number(Double value) {
        return value == null ? "n/d" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String range(Range ci) {
        return ci == null ? "" : String.format(Locale.ROOT, " [%.3f, %.3f]", ci.low(), ci.high());
    }
}
