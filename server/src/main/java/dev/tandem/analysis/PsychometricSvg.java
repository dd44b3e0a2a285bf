package dev.tandem.analysis;

import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Draws psychometric curves as a standalone SVG: accuracy (0–1) against x on a log₂ axis
 * (durations span 8 ms to hundreds of ms), 95% Wilson intervals as error bars, a dotted chance line.
 */
public final class PsychometricSvg {

    private static final String[] COLOURS = {"#a51e37", "#3a6fb0", "#50a05a", "#e08a1e", "#7a4fa0",
            "#2a9d8f", "#8c564b", "#555555"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;
    private static final int LEFT = 60;
    private static final int RIGHT = 160;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private final double chance;

    /** @param chance accuracy of guessing (1 / number of categories), drawn as a dotted line */
    public PsychometricSvg(double chance) {
        this.chance = chance;
    }

    public String render(String title, List<PsychometricCurve> curves) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n",
                LEFT, SvgText.escape(title)));
        int[] range = xRange(curves);
        double lo = log2(range[0]);
        double hi = Math.max(log2(range[1]), lo + 1);
        axes(svg, curves.isEmpty() ? "" : curves.get(0).axis().label(), ticks(curves, range), lo, hi);
        for (int i = 0; i < curves.size(); i++) {
            curve(svg, curves.get(i), COLOURS[i % COLOURS.length], i, lo, hi);
        }
        return svg.append("</svg>\n").toString();
    }

    private void axes(StringBuilder svg, String xLabel, SortedSet<Integer> ticks, double lo, double hi) {
        int bottom = HEIGHT - BOTTOM;
        int right = WIDTH - RIGHT;
        svg.append(String.format(Locale.ROOT,
                "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"black\"/>%n", LEFT, TOP, bottom, right));
        for (int tick = 0; tick <= 10; tick += 2) {
            double y = y(tick / 10.0);
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", LEFT - 6, y + 4, tick / 10.0));
        }
        for (int x : ticks) {
            double px = x(log2(x), lo, hi);
            if (px >= LEFT) {
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", px, bottom + 16, x));
            }
        }
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", (LEFT + right) / 2, HEIGHT - 12,
                SvgText.escape(xLabel)));
        svg.append(String.format(Locale.ROOT,
                "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">accuracy</text>%n",
                (TOP + bottom) / 2));
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"grey\" stroke-dasharray=\"2 3\"/>%n",
                LEFT, right, y(chance), y(chance)));
    }

    private void curve(StringBuilder svg, PsychometricCurve curve, String colour, int index, double lo, double hi) {
        StringBuilder line = new StringBuilder();
        for (PsychometricCurve.Point point : curve.points()) {
            double px = x(log2(point.x()), lo, hi);
            double py = y(point.accuracy().proportion());
            line.append(line.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
            WilsonInterval ci = point.accuracy().interval();
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                    px, px, y(ci.lower()), y(ci.upper()), colour));
            svg.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s: %d → %.3f (n=%d)</title></circle>%n",
                    px, py, colour, SvgText.escape(curve.group()), point.x(), point.accuracy().proportion(),
                    point.accuracy().trials()));
        }
        svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\"/>%n", line, colour));
        int legendY = TOP + 10 + 18 * index;
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                WIDTH - RIGHT + 16, legendY - 10, colour, WIDTH - RIGHT + 34, legendY, SvgText.escape(curve.group())));
    }

    /** The x values tested, as an experiment has few; powers of two when there are too many to label. */
    private static SortedSet<Integer> ticks(List<PsychometricCurve> curves, int[] range) {
        SortedSet<Integer> tested = new TreeSet<>();
        curves.forEach(curve -> curve.points().forEach(point -> tested.add(point.x())));
        if (tested.size() <= 8) {
            return tested;
        }
        SortedSet<Integer> powers = new TreeSet<>();
        for (int x = Integer.highestOneBit(range[0]); x <= range[1]; x *= 2) {
            powers.add(x);
        }
        return powers;
    }

    private static int[] xRange(List<PsychometricCurve> curves) {
        int min = Integer.MAX_VALUE;
        int max = 1;
        for (PsychometricCurve curve : curves) {
            for (PsychometricCurve.Point point : curve.points()) {
                min = Math.min(min, point.x());
                max = Math.max(max, point.x());
            }
        }
        return new int[] {Math.max(1, min == Integer.MAX_VALUE ? 1 : min), max};
    }

    private static double x(double log, double lo, double hi) {
        double margin = 0.05 * (hi - lo);
        return LEFT + (log - lo + margin) / (hi - lo + 2 * margin) * (WIDTH - RIGHT - LEFT);
    }

    private static double y(double accuracy) {
        return HEIGHT - BOTTOM - accuracy * (HEIGHT - BOTTOM - TOP);
    }

    private static double log2(int x) {
        return Math.log(Math.max(1, x)) / Math.log(2);
    }
}
