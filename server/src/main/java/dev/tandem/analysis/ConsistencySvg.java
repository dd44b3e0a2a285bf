package dev.tandem.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the error-consistency matrix of an experiment's observers as a standalone SVG: one row
 * and column per observer (people first, then models), each cell coloured by the pair's κ on a
 * scale from −1 (blue) through 0 (white) to 1 (red), with its figures — shared trials, κ, the
 * range expected for independent observers and the bootstrap CI — in a tooltip. κ is the mean
 * over the conditions in which the pair shares at least the minimum of trials
 * ({@link PairwiseConsistency}); a pair that shares trials but never that many is hatched grey,
 * a pair with no shared trial is white with a dashed outline, and a dot marks κ above its chance range.
 */
public final class ConsistencySvg {

    /** An observer as a row of the matrix: its id in the metrics and the label drawn. */
    public record Observer(String id, String label, ObserverKind kind) {}

    private static final int LABELS = 150;
    private static final int TOP = 50;
    private static final int LEGEND = 230;
    private static final int MATRIX = 560;
    private static final String HATCH = "url(#below-minimum)";
    private static final String NO_TRIALS = "#ffffff";

    private final int minSharedTrials;

    /** @param minSharedTrials the minimum the metrics were computed with, stated on the plot */
    public ConsistencySvg(int minSharedTrials) {
        this.minSharedTrials = minSharedTrials;
    }

    public String render(String title, List<Observer> observers, List<PairwiseConsistency.PairResult> results) {
        Map<String, PairwiseConsistency.PairResult> pairs = new HashMap<>();
        for (PairwiseConsistency.PairResult r : results) {
            if (r.condition() == null) {
                pairs.put(r.first() + "\n" + r.second(), r);
                pairs.put(r.second() + "\n" + r.first(), r);
            }
        }
        int n = observers.size();
        int cell = Math.max(6, Math.min(32, MATRIX / Math.max(1, n)));
        int left = LABELS;
        int top = TOP + LABELS;
        // Wide enough for the title too (about 7.5 px a character at 14 px), up to a limit.
        int width = Math.max(left + n * cell + LEGEND, Math.min(900, 20 + (int) Math.ceil(title.length() * 7.5)));
        int height = Math.max(top + n * cell + 20, top + 330);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" font-size=\"14\">%s</text>%n", SvgText.escape(title)));
        svg.append("<defs><pattern id=\"below-minimum\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
                + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#e4e4e4\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9a9a9a\" stroke-width=\"2\"/></pattern></defs>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"36\" fill=\"#555555\">error consistency (Cohen's κ),"
                + " mean over conditions with at least %d shared trials</text>%n", minSharedTrials));
        if (n == 0) {
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">no observers yet</text>%n", top));
        }
        int fontSize = Math.min(12, (int) (cell * 0.8));
        for (int i = 0; i < n; i++) {
            Observer observer = observers.get(i);
            double middle = i * cell + cell / 2.0;
            if (cell >= 8) {
                String label = SvgText.escape(observer.label());
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"%d\">%s</text>%n",
                        left - 6, top + middle, fontSize, label));
                svg.append(String.format(Locale.ROOT,
                        "<text transform=\"translate(%.1f %d) rotate(-90)\" dominant-baseline=\"middle\" font-size=\"%d\">%s</text>%n",
                        left + middle, top - 6, fontSize, label));
            }
            for (int j = 0; j < n; j++) {
                cell(svg, observer, observers.get(j), i == j ? null : pairs.get(observer.id() + "\n" + observers.get(j).id()),
                        i == j, left + j * cell, top + i * cell, cell);
            }
        }
        separator(svg, observers, left, top, cell);
        legend(svg, left + n * cell + 30, top);
        return svg.append("</svg>\n").toString();
    }

    private void cell(StringBuilder svg, Observer row, Observer column, PairwiseConsistency.PairResult pair,
                      boolean diagonal, int x, int y, int size) {
        String fill;
        String stroke = "stroke=\"white\"";
        String state;
        String tooltip;
        if (diagonal) {
            fill = "#dddddd";
            state = "self";
            tooltip = row.label();
        } else if (pair == null) {
            fill = NO_TRIALS;
            stroke = "stroke=\"#bbbbbb\" stroke-dasharray=\"2 2\"";
            state = "no-shared-trials";
            tooltip = row.label() + " × " + column.label() + ": no shared trials";
        } else if (pair.belowMinimum()) {
            fill = HATCH;
            state = "below-minimum";
            tooltip = String.format(Locale.ROOT, "%s × %s: %d shared trials in %d conditions, fewer than %d in each;"
                            + " left out of the means", row.label(), column.label(), pair.sharedTrials(), pair.conditions(),
                    minSharedTrials);
        } else {
            fill = colour(pair.kappa());
            state = pair.exceedsChance() ? "above-chance" : "within-chance";
            tooltip = String.format(Locale.ROOT, "%s × %s: κ = %.3f (95%% CI %.3f to %.3f; independent observers: %.3f to %.3f),"
                            + " observed consistency %.3f, %d of %d conditions with at least %d shared trials, %d shared trials",
                    row.label(), column.label(), pair.kappa(), pair.kappaCi().low(), pair.kappaCi().high(),
                    pair.kappaChance().low(), pair.kappaChance().high(), pair.observedConsistency(), pair.conditionsUsed(),
                    pair.conditions(), minSharedTrials, pair.sharedTrials());
        }
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" %s data-cell=\"%s\"><title>%s</title></rect>%n",
                x, y, size, size, fill, stroke, state, SvgText.escape(tooltip)));
        boolean coloured = !diagonal && pair != null && !pair.belowMinimum();
        if (coloured && pair.exceedsChance()) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"black\"/>%n",
                    x + size - Math.max(2.5, size * 0.12), y + Math.max(2.5, size * 0.12), Math.max(1.2, size * 0.07)));
        }
        if (size >= 28 && coloured) {
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"9\">%.2f</text>%n",
                    x + size / 2.0, y + size / 2.0, pair.kappa()));
        }
    }

    /** A line between the people and the models. */
    private static void separator(StringBuilder svg, List<Observer> observers, int left, int top, int cell) {
        long humans = observers.stream().filter(o -> o.kind() == ObserverKind.HUMAN).count();
        if (humans == 0 || humans == observers.size()) {
            return;
        }
        int at = (int) humans * cell;
        int end = observers.size() * cell;
        svg.append(String.format(Locale.ROOT,
                "<path d=\"M%d %d H%d M%d %d V%d\" stroke=\"black\" stroke-width=\"1.5\"/>%n",
                left, top + at, left + end, left + at, top, top + end));
    }

    /** The whole scale from −1 to 1, then the three kinds of cell that have no colour. */
    private void legend(StringBuilder svg, int x, int y) {
        int steps = 21;
        int height = 200;
        for (int i = 0; i < steps; i++) {
            double kappa = 1 - 2.0 * i / (steps - 1);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"16\" height=\"%.1f\" fill=\"%s\"/>%n",
                    x, y + i * (double) height / steps, height / (double) steps + 0.5, colour(kappa)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">κ</text>%n", x, y - 8));
        for (int tick = -2; tick <= 2; tick++) {
            double value = tick / 2.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" dominant-baseline=\"middle\">%s</text>%n",
                    x + 22, y + (1 - value) / 2.0 * (height - height / (double) steps) + height / (2.0 * steps),
                    new String[] {"−1", "−0.5", "0", "0.5", "1"}[tick + 2]));
        }
        int at = y + height + 22;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"16\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">fewer than %d shared</text><text x=\"%d\" y=\"%d\">trials per condition</text>%n",
                x, at, HATCH, x + 22, at + 7, minSharedTrials, x + 22, at + 20));
        at += 34;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"16\" fill=\"%s\" stroke=\"#bbbbbb\""
                + " stroke-dasharray=\"2 2\"/><text x=\"%d\" y=\"%d\">no shared trials</text>%n", x, at, NO_TRIALS, x + 22, at + 12));
        at += 26;
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"black\"/>"
                + "<text x=\"%d\" y=\"%d\">κ above the range of</text><text x=\"%d\" y=\"%d\">independent observers</text>%n",
                x + 8, at + 8, x + 22, at + 7, x + 22, at + 20));
    }

    /** White at κ = 0, towards #a51e37 at 1 and #3a6fb0 at −1. */
    static String colour(double kappa) {
        double k = Math.max(-1, Math.min(1, kappa));
        int[] end = k >= 0 ? new int[] {0xa5, 0x1e, 0x37} : new int[] {0x3a, 0x6f, 0xb0};
        double t = Math.abs(k);
        return String.format(Locale.ROOT, "#%02x%02x%02x", mix(end[0], t), mix(end[1], t), mix(end[2], t));
    }

    private static int mix(int channel, double t) {
        return (int) Math.round(255 + (channel - 255) * t);
    }
}
