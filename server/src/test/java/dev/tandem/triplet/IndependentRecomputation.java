package dev.tandem.triplet;

import java.util.List;

/**
 * Textbook recomputations written apart from the production code (no shared helpers), so the
 * tests compare two implementations: ranks by counting, Spearman as Pearson of those ranks, and
 * the people's dissimilarities by scanning every judgement for every pair.
 */
final class IndependentRecomputation {

    private IndependentRecomputation() {}

    /** Rank of x[i]: 1 + values below it + (values equal to it, itself excluded) / 2. */
    static double[] ranks(double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int below = 0;
            int equal = 0;
            for (double v : x) {
                if (v < x[i]) {
                    below++;
                } else if (v == x[i]) {
                    equal++;
                }
            }
            r[i] = below + (equal + 1) / 2.0;
        }
        return r;
    }

    static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        int n = x.length;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sx += rx[i];
            sy += ry[i];
            sxx += rx[i] * rx[i];
            syy += ry[i] * ry[i];
            sxy += rx[i] * ry[i];
        }
        return (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
    }

    /** 1 − (times i and j were kept together) / (times they were shown together), by people; NaN if never. */
    static double humanDissimilarity(List<Judgement> judgements, int i, int j) {
        int shown = 0;
        int kept = 0;
        for (Judgement judgement : judgements) {
            if (judgement.catchTrial() || judgement.observerKind() != dev.tandem.analysis.ObserverKind.HUMAN) {
                continue;
            }
            List<Integer> images = judgement.imagesByPosition();
            if (images.contains(i) && images.contains(j)) {
                shown++;
                int odd = images.get(judgement.chosenPosition());
                if (odd != i && odd != j) {
                    kept++;
                }
            }
        }
        return shown == 0 ? Double.NaN : 1 - (double) kept / shown;
    }
}
