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
        out.printf("%-24s %-12s %6s %8s %9s %9s %6s %6s%n", "image", "category", "people", "ceiling", "spearman",
                "ρ/ceiling", "dice", "iou");
        for (var i : report.images()) {
            out.printf("%-24s %-12s %6d %8.3f %9s %9s %6s %6s%n", i.imageFile(), i.category(), i.participants(),
                    i.ceiling(), f(i.spearman()), f(i.normalizedSpearman()), f(i.dice()), f(i.iou()));
        }
        var s = report.summary();
        out.printf("Images: %d (%d with a model map). Mean human ceiling %.3f.%n", s.images(), s.imagesWithModelMap(),
                s.meanCeiling());
        if (s.meanSpearman() != null) {
            out.printf("Mean Spearman %.3f; ÷ ceiling %.3f; top-10%% Dice %.3f, IoU %.3f%n", s.meanSpearman(),
                    s.normalizedSpearman(), s.meanDice(), s.meanIou());
        }
    }

    private static String f(Double value) {
        return value == null ? "-" : String.format("%.3f", value);
    }
}
