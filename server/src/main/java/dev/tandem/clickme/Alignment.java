package dev.tandem.clickme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * How well a model map agrees with the human map (harmonization, Fel et al. 2022): Spearman's
 * rank correlation with average ranks for ties, the human split-half ceiling, and Dice/IoU of
 * the top fraction of pixels.
 */
public final class Alignment {

    private Alignment() {}

    /** Spearman's ρ: Pearson's correlation of the ranks, tied values sharing their average rank. */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("maps differ in size: " + a.length + " and " + b.length);
        }
        return pearson(ranks(a), ranks(b));
    }

    /** 1-based ranks; a run of equal values gets the mean of the ranks it spans. */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(values[i], values[j]));
        double[] ranks = new double[values.length];
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    /**
     * The human ceiling of one image: participants split into random halves {@code repeats}
     * times; the mean Spearman correlation between the two halves' human maps.
     */
    public static double splitHalfCeiling(List<ImportanceMap> participants, double sigma, int repeats, long seed) {
        if (participants.size() < 2) {
            return Double.NaN;
        }
        Random random = new Random(seed);
        double sum = 0;
        for (int r = 0; r < repeats; r++) {
            List<ImportanceMap> shuffled = new ArrayList<>(participants);
            Collections.shuffle(shuffled, random);
            int half = shuffled.size() / 2;
            sum += spearman(ImportanceMap.human(shuffled.subList(0, half), sigma).values(),
                    ImportanceMap.human(shuffled.subList(half, shuffled.size()), sigma).values());
        }
        return sum / repeats;
    }

    /** Dice and IoU of the sets of the top {@code fraction} pixels of each map. */
    public record Overlap(double dice, double iou) {}

    public static Overlap topOverlap(double[] a, double[] b, double fraction) {
        boolean[] ta = top(a, fraction);
        boolean[] tb = top(b, fraction);
        int both = 0;
        int na = 0;
        int nb = 0;
        for (int i = 0; i < ta.length; i++) {
            both += ta[i] && tb[i] ? 1 : 0;
            na += ta[i] ? 1 : 0;
            nb += tb[i] ? 1 : 0;
        }
        return new Overlap(2.0 * both / (na + nb), (double) both / (na + nb - both));
    }

    private static boolean[] top(double[] values, double fraction) {
        int count = Math.max(1, (int) Math.round(values.length * fraction));
        double[] ranks = ranks(values);
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Highest first; ties broken by position so exactly `count` pixels are chosen.
        Arrays.sort(order, (i, j) -> ranks[i] != ranks[j] ? Double.compare(ranks[j], ranks[i]) : Integer.compare(i, j));
        boolean[] chosen = new boolean[values.length];
        for (int k = 0; k < count; k++) {
            chosen[order[k]] = true;
        }
        return chosen;
    }
}
