package dev.tandem.triplet;

import java.util.List;

/**
 * A model's odd-one-out choice (issue 13; Hebart et al. 2020): the similarity of each of the three
 * pairs is computed from the model's vectors for the images, and the odd one is the image outside
 * the most similar pair.
 *
 * <p>Ties: when two or three pairs share the highest similarity exactly, the odd one is the
 * candidate whose {@code id} (e.g. the stimulus hash) sorts first, so a model gives the same answer
 * to a triplet in whatever positions its images are shown. Similarity is symmetric in floating
 * point (products commute and are summed in the same index order), so a tie does not depend on
 * the order either.
 */
public final class OddOneOut {

    private OddOneOut() {}

    /** How the similarity of two vectors is measured; stated per scoring job. */
    public enum Similarity {
        /** Cosine of the angle: the dot product of the unit vectors; ignores length. */
        COSINE,
        /** Dot product; longer vectors count as more similar (as in the SPoSE model of THINGS). */
        DOT
    }

    /** What the vectors are. */
    public enum Source {
        /** The model's declared {@code embedding} output, e.g. its penultimate layer. */
        EMBEDDING,
        /** The model's class probabilities, for a model without an embedding; labelled as such. */
        PROBABILITIES
    }

    /** One image of the triplet with the model's vector for it. */
    public record Item(String id, float[] vector) {}

    /**
     * The choice: the position (0, 1, 2 in the order given) of the odd one and its id, and the
     * three pair similarities (pair k is the pair without item k).
     */
    public record Choice(int oddPosition, String oddId, Similarity similarity, Source source,
                         List<Double> pairSimilarities) {}

    /** The odd one of three items judged from embeddings. */
    public static Choice fromEmbeddings(List<Item> items, Similarity similarity) {
        return choose(items, similarity, Source.EMBEDDING);
    }

    /**
     * The odd one of three items judged from probability vectors; each must be non-negative and
     * sum to 1 (within 10⁻³, float rounding of a softmax).
     */
    public static Choice fromProbabilities(List<Item> items, Similarity similarity) {
        for (Item item : items) {
            double sum = 0;
            for (float p : item.vector()) {
                if (!(p >= 0)) {
                    throw new IllegalArgumentException("probabilities of " + item.id() + " must be non-negative");
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > 1e-3) {
                throw new IllegalArgumentException("probabilities of " + item.id() + " sum to " + sum + ", not 1");
            }
        }
        return choose(items, similarity, Source.PROBABILITIES);
    }

    private static Choice choose(List<Item> items, Similarity similarity, Source source) {
        if (items.size() != 3) {
            throw new IllegalArgumentException("a triplet has three items, got " + items.size());
        }
        int length = items.get(0).vector().length;
        for (Item item : items) {
            if (item.vector().length != length || length == 0) {
                throw new IllegalArgumentException("the three vectors must have the same, non-zero length");
            }
        }
        double[] pair = new double[3];
        for (int k = 0; k < 3; k++) {
            pair[k] = similarity(items.get((k + 1) % 3).vector(), items.get((k + 2) % 3).vector(), similarity);
        }
        double best = Math.max(pair[0], Math.max(pair[1], pair[2]));
        int odd = -1;
        for (int k = 0; k < 3; k++) {
            if (pair[k] == best && (odd < 0 || items.get(k).id().compareTo(items.get(odd).id()) < 0)) {
                odd = k;
            }
        }
        return new Choice(odd, items.get(odd).id(), similarity, source, List.of(pair[0], pair[1], pair[2]));
    }

    /** The similarity of two vectors of equal length. */
    public static double similarity(float[] a, float[] b, Similarity similarity) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        if (similarity == Similarity.DOT) {
            return dot;
        }
        if (aa == 0 || bb == 0) {
            throw new IllegalArgumentException("the cosine of a zero vector is undefined");
        }
        return dot / Math.sqrt(aa * bb);
    }
}
