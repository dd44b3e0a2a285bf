package dev.tandem.triplet;

import dev.tandem.analysis.KappaBootstrap;
import dev.tandem.analysis.ObserverKind;
import dev.tandem.analysis.RankCorrelation;
import dev.tandem.analysis.Range;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Representational similarity analysis (Kriegeskorte et al. 2008): the Spearman correlation of two
 * RDMs' upper triangles over the pairs both define, with a bootstrap interval over images and a
 * split-half ceiling for the people's RDM.
 */
public final class Rsa {

    private Rsa() {}

    /** A rank correlation and the number of pairs it was computed over; null rho when undefined. */
    public record Correlation(Double rho, int pairs) {}

    /**
     * The split-half ceiling: the mean over splits of the Spearman–Brown corrected correlation
     * 2r / (1 + r) between the RDMs of two random halves of the participants; {@code range} is the
     * central 95 % of the corrected values over splits (how much it depends on the split).
     */
    public record SplitHalf(Double ceiling, Range range, int splits) {}

    /** Spearman's ρ between the upper triangles of two RDMs over the image pairs both define. */
    public static Correlation spearman(Rdm first, Rdm second) {
        if (!first.images().equals(second.images())) {
            throw new IllegalArgumentException("the two RDMs must list the same images in the same order");
        }
        int n = first.size();
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return spearmanOver(first, second, all);
    }

    /** ρ over the pairs (a, b), a &lt; b, of {@code images} (indices into both RDMs) whose images differ. */
    private static Correlation spearmanOver(Rdm first, Rdm second, int[] images) {
        List<double[]> pairs = new ArrayList<>();
        for (int a = 0; a < images.length; a++) {
            for (int b = a + 1; b < images.length; b++) {
                int i = images[a];
                int j = images[b];
                if (i != j && first.isDefined(i, j) && second.isDefined(i, j)) {
                    pairs.add(new double[] {first.get(i, j), second.get(i, j)});
                }
            }
        }
        double[] x = new double[pairs.size()];
        double[] y = new double[pairs.size()];
        for (int k = 0; k < pairs.size(); k++) {
            x[k] = pairs.get(k)[0];
            y[k] = pairs.get(k)[1];
        }
        return new Correlation(spearman(x, y), pairs.size());
    }

    /** Spearman's ρ: Pearson's r of the ranks, tied values sharing their average rank; null if undefined. */
    public static Double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("need paired values");
        }
        if (x.length < 2) {
            return null;
        }
        return RankCorrelation.spearman(x, y);
    }

    /**
     * Percentile bootstrap over images: images are drawn with replacement, and ρ is recomputed over
     * the pairs of distinct drawn images (pairs of an image with its own copy are left out, as in
     * Nili et al. 2014's RSA toolbox). Seeded; null when no replicate is defined.
     */
    public static Range bootstrapOverImages(Rdm first, Rdm second, int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = first.size();
        List<Double> rhos = new ArrayList<>();
        for (int b = 0; b < resamples; b++) {
            int[] drawn = new int[n];
            for (int k = 0; k < n; k++) {
                drawn[k] = random.nextInt(n);
            }
            Double rho = spearmanOver(first, second, drawn).rho();
            if (rho != null) {
                rhos.add(rho);
            }
        }
        return rhos.isEmpty() ? null
                : KappaBootstrap.percentile95(rhos.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The people's split-half ceiling: {@code splits} times, the participants (people, not models) are
     * shuffled and split into two halves; each half's RDM is built from its judgements, and the
     * halves' ρ over the pairs both define is corrected to the full sample with Spearman–Brown
     * 2r / (1 + r). The ceiling is the mean corrected value; splits where ρ is undefined or r ≤ −1
     * are left out.
     */
    public static SplitHalf splitHalfCeiling(List<Judgement> judgements, List<String> images, int splits, long seed) {
        List<String> people = new ArrayList<>(new TreeSet<>(judgements.stream()
                .filter(j -> j.observerKind() == ObserverKind.HUMAN).map(Judgement::observer).toList()));
        if (people.size() < 2) {
            return new SplitHalf(null, null, 0);
        }
        Random random = new Random(seed);
        List<Double> corrected = new ArrayList<>();
        for (int s = 0; s < splits; s++) {
            List<String> shuffled = new ArrayList<>(people);
            Collections.shuffle(shuffled, random);
            TreeSet<String> firstHalf = new TreeSet<>(shuffled.subList(0, shuffled.size() / 2));
            List<Judgement> first = judgements.stream().filter(j -> firstHalf.contains(j.observer())).toList();
            List<Judgement> second = judgements.stream().filter(j -> !firstHalf.contains(j.observer())).toList();
            Double r = spearman(SimilarityMatrices.humanRdm(first, images),
                    SimilarityMatrices.humanRdm(second, images)).rho();
            if (r != null && r > -1) {
                corrected.add(spearmanBrown(r));
            }
        }
        if (corrected.isEmpty()) {
            return new SplitHalf(null, null, 0);
        }
        double mean = corrected.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new SplitHalf(mean,
                KappaBootstrap.percentile95(corrected.stream().mapToDouble(Double::doubleValue).toArray()),
                corrected.size());
    }

    /** The reliability of the whole from that of two halves: 2r / (1 + r). */
    public static double spearmanBrown(double r) {
        return 2 * r / (1 + r);
    }
}
