package dev.tandem.triplet;

import dev.tandem.analysis.Range;
import dev.tandem.analysis.SvgText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The people's and a model's RDM side by side as a standalone SVG, in the same image order,
 * grouped by category (categories in the order they first appear, images in their order within
 * a category), with lines between categories; under them the RSA ρ with its bootstrap interval
 * against the split-half ceiling on a 0–1 axis. Each matrix is shaded by rank within itself (dark =
 * similar, light = dissimilar), since RSA compares ranks; a pair without data is drawn red-hatched.
 * All text is escaped ({@link SvgText}).
 */
public final class TripletSvg {

    private static final int MATRIX = 360;
    private static final int LABELS = 90;
    private static final int GAP = 40;
    private static final int TOP = 60;
    private static final int BAR = 80;

    private TripletSvg() {}

    /** What the plot says about RSA; any part may be null when it could not be computed. */
    public record Summary(String modelLabel, Double rsa, Range rsaCi, Double ceiling, Range ceilingRange) {}

    /**
     * @param categories the category of each image, in the RDMs' order
     */
    public static String render(String title, Rdm human, Rdm model, List<String> categories, Summary summary) {
        if (!human.images().equals(model.images()) || categories.size() != human.size()) {
            throw new IllegalArgumentException("both RDMs and the categories must list the same images");
        }
        int[] order = groupedOrder(categories);
        Rdm h = human.reordered(order);
        Rdm m = model.reordered(order);
        List<String> grouped = new ArrayList<>();
        for (int i : order) {
            grouped.add(categories.get(i));
        }
        int width = LABELS + 2 * MATRIX + GAP + 20;
        int height = TOP + MATRIX + BAR + 40;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<defs><pattern id=\"no-data\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\">")
                .append("<rect width=\"4\" height=\"4\" fill=\"#fff\"/><path d=\"M0,4 L4,0\" stroke=\"#c33\"/>")
                .append("</pattern></defs>\n");
        svg.append(text(LABELS, 20, 15, "bold", title));
        matrix(svg, h, grouped, LABELS, "people (1 − share kept together)", true);
        matrix(svg, m, grouped, LABELS + MATRIX + GAP, summary.modelLabel() == null ? "model" : summary.modelLabel(), false);
        bar(svg, summary, TOP + MATRIX + 30, width);
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Image indices grouped by category, categories in order of first appearance; stable within. */
    static int[] groupedOrder(List<String> categories) {
        Map<String, Integer> rank = new LinkedHashMap<>();
        categories.forEach(c -> rank.putIfAbsent(c, rank.size()));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> rank.get(categories.get(i))));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void matrix(StringBuilder svg, Rdm rdm, List<String> categories, int left, String label,
                               boolean withCategoryLabels) {
        int n = rdm.size();
        double cell = n == 0 ? 0 : (double) MATRIX / n;
        svg.append(text(left, TOP - 8, 13, "normal", label));
        double[] shade = rankShades(rdm);
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                String fill;
                if (i == j) {
                    fill = "#000";
                } else if (!rdm.isDefined(i, j)) {
                    fill = "url(#no-data)";
                } else {
                    int grey = (int) Math.round(255 * shade[k]);
                    fill = String.format(Locale.ROOT, "rgb(%d,%d,%d)", grey, grey, 255);
                }
                if (i != j && rdm.isDefined(i, j)) {
                    k++;
                }
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s – %s: %s</title></rect>\n",
                        left + j * cell, TOP + i * cell, cell, cell, fill, SvgText.escape(rdm.images().get(i)),
                        SvgText.escape(rdm.images().get(j)),
                        rdm.isDefined(i, j) ? String.format(Locale.ROOT, "%.3f", rdm.get(i, j)) : "no data"));
            }
        }
        for (int i = 1; i < n; i++) {
            if (!categories.get(i).equals(categories.get(i - 1))) {
                double at = i * cell;
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#e60\"/>"
                                + "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#e60\"/>\n",
                        left + at, TOP, left + at, TOP + MATRIX, left, TOP + at, left + MATRIX, TOP + at));
            }
        }
        if (withCategoryLabels) {
            int start = 0;
            for (int i = 1; i <= n; i++) {
                if (i == n || !categories.get(i).equals(categories.get(start))) {
                    double middle = TOP + (start + i) / 2.0 * cell + 4;
                    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n",
                            left - 6, middle, SvgText.escape(categories.get(start))));
                    start = i;
                }
            }
        }
    }

    /** Each defined off-diagonal cell's rank among them, 0 (most similar) … 1, in row-major order. */
    private static double[] rankShades(Rdm rdm) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < rdm.size(); i++) {
            for (int j = 0; j < rdm.size(); j++) {
                if (i != j && rdm.isDefined(i, j)) {
                    values.add(rdm.get(i, j));
                }
            }
        }
        double[] ranks = dev.tandem.analysis.RankCorrelation.ranks(values.stream().mapToDouble(Double::doubleValue).toArray());
        for (int k = 0; k < ranks.length; k++) {
            ranks[k] = ranks.length == 1 ? 0.5 : (ranks[k] - 1) / (ranks.length - 1);
        }
        return ranks;
    }

    private static void bar(StringBuilder svg, Summary summary, int top, int width) {
        int left = LABELS;
        int length = width - LABELS - 40;
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">0</text>"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">1</text>\n",
                left, top + 20, left + length, top + 20, left, top + 36, left + length, top + 36));
        if (summary.ceilingRange() != null) {
            svg.append(span(summary.ceilingRange(), left, length, top + 12, 16, "#ddd"));
        }
        if (summary.ceiling() != null) {
            double x = left + clamp(summary.ceiling()) * length;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#e60\" stroke-width=\"3\"/>\n",
                    x, top + 8, x, top + 32));
        }
        if (summary.rsaCi() != null) {
            svg.append(span(summary.rsaCi(), left, length, top + 17, 6, "#36c"));
        }
        if (summary.rsa() != null) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%d\" r=\"5\" fill=\"#036\"/>\n",
                    left + clamp(summary.rsa()) * length, top + 20));
        }
        String line = "RSA ρ (Spearman) = " + number(summary.rsa()) + " " + interval(summary.rsaCi())
                + "; people's split-half ceiling (Spearman–Brown) = " + number(summary.ceiling()) + " "
                + interval(summary.ceilingRange());
        svg.append(text(left, top + 56, 12, "normal", line));
    }

    private static String span(Range range, int left, int length, int y, int height, String fill) {
        double from = left + clamp(range.low()) * length;
        double to = left + clamp(range.high()) * length;
        return String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"/>\n",
                from, y, Math.max(1, to - from), height, fill);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }

    private static String number(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String interval(Range range) {
        return range == null ? "" : String.format(Locale.ROOT, "[%.3f, %.3f]", range.low(), range.high());
    }

    private static String text(int x, int y, int size, String weight, String content) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>\n",
                x, y, size, weight, SvgText.escape(content));
    }
}
