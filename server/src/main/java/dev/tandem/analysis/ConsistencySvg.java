package dev.tandem.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the error-consistency matrix of an experiment's observers as a standalone SVG: one row
 * and column per observer (people first, then models), each cell coloured by the pair's κ (red
 * for positive, blue for negative, white at 0), with its figures in a tooltip. κ is the mean over
 * the conditions the pair shares ({@link PairwiseConsistency}); pairs with no shared trial stay blank.
 */
public final class ConsistencySvg {

    /** An observer as a row of the matrix: its id in the metrics and the label drawn. */
    public record Observer(String id, String label, ObserverKind kind) {}

    private static final int LABELS = 150;
    private static final int TOP = 50;
    private static final int LEGEND = 110;
    private static final int MATRIX = 560;

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
        int height = top + n * cell + 20;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" font-size=\"14\">%s</text>%n", SvgText.escape(title)));
        svg.append("<text x=\"10\" y=\"36\" fill=\"#555555\">error consistency (Cohen's κ), mean over conditions</text>\n");
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

    private static void cell(StringBuilder svg, Observer row, Observer column, PairwiseConsistency.PairResult pair,
                             boolean diagonal, int x, int y, int size) {
        String fill;
        String tooltip;
        if (diagonal) {
            fill = "#dddddd";
            tooltip = row.label();
        } else if (pair == null || Double.isNaN(pair.errorConsistency())) {
            fill = "#f7f7f7";
            tooltip = row.label() + " × " + column.label() + ": no shared trials";
        } else {
            fill = colour(pair.errorConsistency());
            tooltip = String.format(Locale.ROOT, "%s × %s: κ = %.3f, observed consistency %.3f, %d trials",
                    row.label(), column.label(), pair.errorConsistency(), pair.observedConsistency(), pair.trials());
        }
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"white\"><title>%s</title></rect>%n",
                x, y, size, size, fill, SvgText.escape(tooltip)));
        if (size >= 28 && !diagonal && pair != null && !Double.isNaN(pair.errorConsistency())) {
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"9\">%.2f</text>%n",
                    x + size / 2.0, y + size / 2.0, pair.errorConsistency()));
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

    private static void legend(StringBuilder svg, int x, int y) {
        int steps = 20;
        int height = 200;
        for (int i = 0; i < steps; i++) {
            double kappa = 1 - 2.0 * i / (steps - 1);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"%d\" fill=\"%s\"/>%n",
                    x, y + i * height / steps, height / steps + 1, colour(kappa)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">κ</text>%n", x, y - 8));
        for (int tick = -1; tick <= 1; tick++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" dominant-baseline=\"middle\">%d</text>%n",
                    x + 22, y + (1 - tick) / 2.0 * height, tick));
        }
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
