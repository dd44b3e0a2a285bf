package dev.tandem.app;

import dev.tandem.clickme.AlignmentService;
import java.io.PrintStream;

/** The alignment report as a console table. */
final class AlignmentTable {

    private AlignmentTable() {}

    static void print(AlignmentService.Report report, PrintStream out) {
        out.printf("ClickMe alignment of %s%s (σ = %s px, at least %d participants per image)%n", report.experiment(),
                report.model() == null ? "" : " with " + report.model() + " " + report.method() + " " + report.parameters(),
                report.options().sigma(), report.options().minParticipants());
        out.printf("Ceilings: split-half ρ r (random halves); Spearman–Brown corrected to all participants"
                + " 2r/(1+r); noise-free model √(2r/(1+r)). ρ/ceiling = ρ ÷ model ceiling, only where the corrected"
                + " ceiling > %.2f, else n/d%n", report.options().ceilingFloor());
        out.printf("%-24s %-12s %6s %10s %8s %8s %9s %9s %6s %6s%n", "image", "category", "people", "split-half",
                "ceiling", "model", "spearman", "ρ/ceiling", "dice", "iou");
        for (var i : report.images()) {
            out.printf("%-24s %-12s %6d %10.3f %8.3f %8.3f %9s %9s %6s %6s%n", i.imageFile(), i.category(),
                    i.participants(), i.splitHalfCeiling(), i.ceiling(), i.modelCeiling(), f(i.spearman()),
                    ratio(i.spearman(), i.normalizedSpearman()), f(i.dice()), f(i.iou()));
        }
        var s = report.summary();
        out.printf("Images: %d (%d with a model map). Mean human ceiling %.3f (split-half %.3f).%n", s.images(),
                s.imagesWithModelMap(), s.meanCeiling(), s.meanSplitHalfCeiling());
        if (s.meanSpearman() != null) {
            out.printf("Over the %d images with a model map: mean Spearman %.3f, mean ceiling %.3f (split-half %.3f,"
                            + " model %.3f); ÷ model ceiling %s%s; top-10%% Dice %.3f, IoU %.3f%n", s.imagesWithModelMap(),
                    s.meanSpearman(), s.modelImages().ceiling(), s.modelImages().splitHalfCeiling(),
                    s.modelImages().modelCeiling(), ratio(s.meanSpearman(), s.normalizedSpearman()),
                    s.normalizedSpearmanCi() == null ? "" : String.format(" (95%% bootstrap over images %.3f–%.3f)",
                            s.normalizedSpearmanCi().low(), s.normalizedSpearmanCi().high()),
                    s.meanDice(), s.meanIou());
        }
    }

    private static String f(Double value) {
        return value == null ? "-" : String.format("%.3f", value);
    }

    /** "-" without a model map, "n/d" where the ceiling is not above the floor. */
    private static String ratio(Double rho, Double normalized) {
        return rho == null ? "-" : normalized == null ? "n/d" : String.format("%.3f", normalized);
    }
}
