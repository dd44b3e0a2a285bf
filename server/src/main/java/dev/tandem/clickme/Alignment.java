package dev.tandem.clickme;

import dev.tandem.analysis.RankCorrelation;
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

    /** Spearman's ρ with average ranks for ties ({@link RankCorrelation}); NaN when either map is constant. */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("maps differ in size: " + a.length + " and " + b.length);
        }
        Double rho = RankCorrelation.spearman(a, b);
        return rho == null ? Double.NaN : rho;
    }

    /**
     * The human ceiling of one image.
     *
     * @param splitHalf the raw split-half ceiling r: participants split into random halves, the
     *                  Spearman ρ between the two halves' maps, averaged over the repeats. Each half
     *                  holds half the participants, so this is the reliability of a half-size map.
     * @param corrected the Spearman–Brown-corrected ceiling, {@code r_full = 2·r / (1 + r)}: the
     *                  expected ρ between two independent maps of all participants, the size of the
     *                  human map a model is compared with (Spearman 1910, Brown 1910; issue 11).
     *                  NaN where r is NaN or ≤ −1.
     * @param model     the ceiling of a noise-free model map, {@code √max(0, r_full)}:
     *                  a map equal to what infinitely many participants would reveal correlates
     *                  with the map of all participants at about √r_full, not r_full (classical
     *                  test theory: the correlation of a true score with a measurement of
     *                  reliability R is √R). ClickMeCeilingTest measures both on simulated people.
     */
    public record Ceiling(double splitHalf, double corrected, double model) {
        static final Ceiling NONE = new Ceiling(Double.NaN, Double.NaN, Double.NaN);

        static Ceiling of(double splitHalf) {
            double corrected = spearmanBrown(splitHalf);
            // a negative corrected ceiling is sampling noise around a reliability ≥ 0: its model ceiling is 0
            return new Ceiling(splitHalf, corrected, Double.isNaN(corrected) ? Double.NaN : Math.sqrt(Math.max(0, corrected)));
        }
    }

    /** Spearman–Brown prophecy for doubling the number of participants: {@code 2r / (1 + r)}. */
    public static double spearmanBrown(double r) {
        return r > -1 ? 2 * r / (1 + r) : Double.NaN;
    }

    /**
     * The human ceiling of one image: participants split into random halves {@code repeats}
     * times; the mean Spearman correlation between the two halves' human maps, and its
     * Spearman–Brown correction to the full number of participants.
     */
    public static Ceiling splitHalfCeiling(List<ImportanceMap> participants, double sigma, int repeats, long seed) {
        if (participants.size() < 2) {
            return Ceiling.NONE;
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
        return Ceiling.of(sum / repeats);
    }

    /** Dice and IoU of the top pixels of two maps. */
    public record Overlap(double dice, double iou) {}

    /**
     * Dice and IoU of the masks of the top {@code fraction} of each map. A mask holds every pixel
     * at or above the map's {@code 100·(1 − fraction)}th percentile value, ties included:
     * thresholding at the percentile value, as issue 11 describes harmonization's (Fel et al.
     * 2022), with numpy's default interpolation; a mask may thus hold more than {@code fraction}
     * of the pixels, and no pixel wins a tie by its position.
     */
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

    /** The mask of pixels at or above the {@code 100·(1 − fraction)}th percentile value. */
    static boolean[] top(double[] values, double fraction) {
        double threshold = percentile(values, 100 * (1 - fraction));
        boolean[] chosen = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            chosen[i] = values[i] >= threshold;
        }
        return chosen;
    }

    /**
     * The q-th percentile (0–100) with linear interpolation between the two nearest order
     * statistics, numpy's default ({@code np.percentile(values, q)}): position q/100·(n − 1).
     */
    static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q / 100 * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
