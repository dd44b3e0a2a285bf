package dev.tandem.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Draws psychometric curves as a standalone SVG: one panel per manipulation and level (and
 * refresh rate, on the frames axis), accuracy (0–1) against x on a log₂ axis (durations span
 * 8 ms to hundreds of ms) in numeric order, 95 % Wilson intervals as error bars, each group of
 * people's fitted psychometric function (dashed) with its threshold and bootstrap CI, a dotted
 * chance line, and each model's accuracy as horizontal reference lines: solid over the whole
 * design, dash-dotted on the stimuli people saw.
 */
public final class PsychometricSvg {

    private static final String[] COLOURS = {"#a51e37", "#3a6fb0", "#50a05a", "#e08a1e", "#7a4fa0",
            "#2a9d8f", "#8c564b", "#555555"};
    private static final int PANEL_WIDTH = 380;
    private static final int PANEL_HEIGHT = 250;
    private static final int LEFT = 50;
    private static final int RIGHT = 20;
    private static final int TOP = 28;
    private static final int BOTTOM = 44;
    private static final int HEADER = 48;
    private static final int LEGEND = 250;

    private final double chance;

    /** @param chance accuracy of guessing (1 / number of categories), drawn as a dotted line */
    public PsychometricSvg(double chance) {
        this.chance = chance;
    }

    /** Curves without model references. */
    public String render(String title, List<PsychometricCurve> curves) {
        return render(title, curves, List.of());
    }

    public String render(String title, List<PsychometricCurve> curves, List<ModelReference> references) {
        Map<String, List<PsychometricCurve>> panels = new LinkedHashMap<>();
        for (PsychometricCurve curve : curves) {
            panels.computeIfAbsent(panelName(curve), k -> new ArrayList<>()).add(curve);
        }
        for (ModelReference reference : references) {
            String name = panelName(reference.manipulation(), reference.level(), null);
            if (panels.keySet().stream().anyMatch(p -> p.equals(name) || p.startsWith(name + " @"))) {
                continue;
            }
            panels.put(name, new ArrayList<>()); // a manipulation only models saw still gets its panel
        }
        List<String> groups = new ArrayList<>(new TreeSet<>(curves.stream().map(PsychometricCurve::group).toList()));
        List<String> models = new ArrayList<>(new TreeSet<>(references.stream().map(ModelReference::model).toList()));
        int columns = Math.max(1, Math.min(2, panels.size()));
        int rows = Math.max(1, (panels.size() + columns - 1) / columns);
        int width = columns * PANEL_WIDTH + LEGEND;
        int height = Math.max(HEADER + rows * PANEL_HEIGHT + 10, HEADER + 40 + 18 * (groups.size() + 2 * models.size() + 4));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" font-size=\"14\">%s</text>%n", SvgText.escape(title)));
        String axis = curves.isEmpty() ? PsychometricCurve.Axis.REQUESTED_MS.label() : curves.get(0).axis().label();
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"36\" fill=\"#555555\">accuracy against %s, one panel per"
                + " manipulation and level; error bars: 95%% Wilson intervals</text>%n", SvgText.escape(axis)));
        if (panels.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">no answered trials yet</text>%n", HEADER + 20));
        }
        int index = 0;
        for (Map.Entry<String, List<PsychometricCurve>> panel : panels.entrySet()) {
            int x0 = (index % columns) * PANEL_WIDTH;
            int y0 = HEADER + (index / columns) * PANEL_HEIGHT;
            List<PsychometricCurve> inPanel = panel.getValue();
            String manipulation = inPanel.isEmpty() ? null : inPanel.get(0).manipulation();
            String level = inPanel.isEmpty() ? null : inPanel.get(0).level();
            List<ModelReference> lines = references.stream().filter(r -> inPanel.isEmpty()
                    ? panelName(r.manipulation(), r.level(), null).equals(panel.getKey())
                    : Objects.equals(r.manipulation(), manipulation) && Objects.equals(r.level(), level)).toList();
            panel(svg, panel.getKey(), inPanel, lines, groups, models, x0, y0, axis);
            index++;
        }
        legend(svg, groups, models, columns * PANEL_WIDTH + 10, HEADER + 10);
        return svg.append("</svg>\n").toString();
    }

    private static String panelName(PsychometricCurve curve) {
        return panelName(curve.manipulation(), curve.level(), curve.refreshHz());
    }

    private static String panelName(String manipulation, String level, Integer refreshHz) {
        String name = manipulation == null ? "all trials" : manipulation;
        if (level != null && !level.isEmpty()) {
            name += " " + level;
        }
        return refreshHz == null ? name : name + " @ " + refreshHz + " Hz";
    }

    private void panel(StringBuilder svg, String name, List<PsychometricCurve> curves, List<ModelReference> references,
                       List<String> groups, List<String> models, int x0, int y0, String axis) {
        SortedSet<Integer> tested = new TreeSet<>();
        curves.forEach(c -> c.points().forEach(p -> tested.add(Math.max(1, p.x()))));
        double lo = tested.isEmpty() ? 0 : log2(tested.first());
        double hi = tested.isEmpty() ? 1 : Math.max(log2(tested.last()), lo + 1);
        Frame f = new Frame(x0, y0, lo, hi);
        int bottom = y0 + PANEL_HEIGHT - BOTTOM;
        int right = x0 + PANEL_WIDTH - RIGHT;
        svg.append(String.format(Locale.ROOT, "<g data-panel=\"%s\">%n", SvgText.escape(name)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
                x0 + LEFT, y0 + 16, SvgText.escape(name)));
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"black\"/>%n",
                x0 + LEFT, y0 + TOP, bottom, right));
        for (int tick = 0; tick <= 10; tick += 2) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n",
                    x0 + LEFT - 5, f.y(tick / 10.0) + 4, tick / 10.0));
        }
        for (int x : ticks(tested)) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                    f.x(log2(x)), bottom + 15, x));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">%s</text>%n",
                (x0 + LEFT + right) / 2, bottom + 32, SvgText.escape(axis)));
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"grey\" stroke-dasharray=\"2 3\"/>%n",
                x0 + LEFT, right, f.y(chance), f.y(chance)));
        for (ModelReference reference : references) {
            String colour = COLOURS[(groups.size() + models.indexOf(reference.model())) % COLOURS.length];
            reference(svg, reference.model() + " over the whole design", reference.wholeDesign(), colour, null, f, x0, right);
            reference(svg, reference.model() + " on the stimuli people saw", reference.trialsPeopleSaw(), colour, "6 3 1 3",
                    f, x0, right);
        }
        for (PsychometricCurve curve : curves) {
            curve(svg, curve, COLOURS[groups.indexOf(curve.group()) % COLOURS.length], f, tested);
        }
        svg.append("</g>\n");
    }

    private static void reference(StringBuilder svg, String label, Accuracy accuracy, String colour, String dash,
                                  Frame f, int x0, int right) {
        if (accuracy == null || accuracy.proportion() == null) {
            return;
        }
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"%s>"
                        + "<title>%s: %.3f (95%% Wilson %.3f to %.3f, n=%d)</title></line>%n",
                x0 + LEFT, right, f.y(accuracy.proportion()), f.y(accuracy.proportion()), colour,
                dash == null ? "" : " stroke-dasharray=\"" + dash + "\"", SvgText.escape(label), accuracy.proportion(),
                accuracy.interval().lower(), accuracy.interval().upper(), accuracy.trials()));
    }

    private static void curve(StringBuilder svg, PsychometricCurve curve, String colour, Frame f, SortedSet<Integer> tested) {
        StringBuilder line = new StringBuilder();
        for (PsychometricCurve.Point point : curve.points()) {
            double px = f.x(log2(point.x()));
            double py = f.y(point.accuracy().proportion());
            line.append(line.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
            WilsonInterval ci = point.accuracy().interval();
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                    px, px, f.y(ci.lower()), f.y(ci.upper()), colour));
            svg.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s, %s: %d → %.3f (95%% Wilson %.3f to %.3f, n=%d)</title></circle>%n",
                    px, py, colour, SvgText.escape(curve.group()), SvgText.escape(curve.panel()), point.x(),
                    point.accuracy().proportion(), ci.lower(), ci.upper(), point.accuracy().trials()));
        }
        svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-opacity=\"0.5\"/>%n", line, colour));
        PsychometricFit fit = curve.fit();
        if (fit == null || tested.isEmpty()) {
            return;
        }
        StringBuilder fitted = new StringBuilder();
        double from = log2(tested.first());
        double to = Math.max(log2(tested.last()), from + 1);
        for (int i = 0; i <= 60; i++) {
            double log = from + (to - from) * i / 60.0;
            fitted.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", f.x(log),
                    f.y(fit.accuracyAt(Math.pow(2, log)))));
        }
        svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-dasharray=\"5 3\" stroke-width=\"1.5\">"
                        + "<title>%s: fitted logistic in log-duration, guess rate %.3f, lapse %.3f</title></path>%n",
                fitted, colour, SvgText.escape(curve.group()), fit.guessRate(), fit.lapse()));
        if (fit.thresholdMs() != null) {
            double ty = f.y(fit.thresholdAccuracy());
            double tx = f.x(log2(fit.thresholdMs()));
            String ci = fit.thresholdCi() == null ? "CI not available"
                    : String.format(Locale.ROOT, "95%% CI %.1f to %.1f ms", fit.thresholdCi().low(), fit.thresholdCi().high());
            if (fit.thresholdCi() != null) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\" stroke-opacity=\"0.6\"/>%n",
                        f.clampX(f.x(log2(fit.thresholdCi().low()))), f.clampX(f.x(log2(fit.thresholdCi().high()))), ty, ty, colour));
            }
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"white\" stroke=\"%s\">"
                            + "<title>%s threshold (accuracy %.3f): %.1f ms, %s</title></rect>%n",
                    f.clampX(tx) - 3.5, ty - 3.5, colour, SvgText.escape(curve.group()), fit.thresholdAccuracy(),
                    fit.thresholdMs(), ci));
        }
    }

    private void legend(StringBuilder svg, List<String> groups, List<String> models, int x, int y) {
        int at = y;
        for (int i = 0; i < groups.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, at - 10, COLOURS[i % COLOURS.length], x + 18, at,
                    SvgText.escape(groups.get(i))));
            at += 18;
        }
        if (!groups.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d h14\" stroke=\"black\" stroke-dasharray=\"5 3\"/>"
                    + "<text x=\"%d\" y=\"%d\">fit; □ threshold, bar: 95%% CI</text>%n", x, at - 4, x + 18, at));
            at += 18;
        }
        for (int i = 0; i < models.size(); i++) {
            String colour = COLOURS[(groups.size() + i) % COLOURS.length];
            svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d h14\" stroke=\"%s\" stroke-width=\"1.5\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s, whole design</text>%n", x, at - 4, colour, x + 18, at, SvgText.escape(models.get(i))));
            at += 18;
            svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d h14\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 3 1 3\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s, stimuli people saw</text>%n", x, at - 4, colour, x + 18, at, SvgText.escape(models.get(i))));
            at += 18;
        }
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d h14\" stroke=\"grey\" stroke-dasharray=\"2 3\"/>"
                + "<text x=\"%d\" y=\"%d\">chance</text>%n", x, at - 4, x + 18, at));
    }

    /** The x values tested, as an experiment has few; powers of two when there are too many to label. */
    private static SortedSet<Integer> ticks(SortedSet<Integer> tested) {
        if (tested.size() <= 8) {
            return tested;
        }
        SortedSet<Integer> powers = new TreeSet<>();
        for (int x = Integer.highestOneBit(tested.first()); x <= tested.last(); x *= 2) {
            powers.add(x);
        }
        return powers;
    }

    private static double log2(double x) {
        return Math.log(Math.max(1, x)) / Math.log(2);
    }

    /** One panel's coordinates. */
    private record Frame(int x0, int y0, double lo, double hi) {
        double x(double log) {
            double margin = 0.08 * (hi - lo);
            return x0 + LEFT + (log - lo + margin) / (hi - lo + 2 * margin) * (PANEL_WIDTH - RIGHT - LEFT);
        }

        double clampX(double px) {
            return Math.max(x0 + LEFT, Math.min(x0 + PANEL_WIDTH - RIGHT, px));
        }

        double y(double accuracy) {
            return y0 + PANEL_HEIGHT - BOTTOM - accuracy * (PANEL_HEIGHT - BOTTOM - TOP);
        }
    }
}
