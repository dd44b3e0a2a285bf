package dev.tandem.triplet;

import dev.tandem.analysis.ObserverKind;
import java.util.List;

/**
 * Similarity and dissimilarity of image pairs, from people's odd-one-out choices and from a
 * model's embeddings (issue 13).
 *
 * <p>People: the similarity of images i and j is the share of the triplets holding both in which
 * they were kept together, i.e. the odd one was the third image (Hebart et al. 2020 estimate
 * pairwise similarity the same way, as the probability of a pair being chosen as the most similar
 * one); the dissimilarity is 1 − that share, undefined (NaN) when no triplet held both. Catch
 * trials and models' judgements are left out.
 */
public final class SimilarityMatrices {

    private SimilarityMatrices() {}

    /** How a model's dissimilarity of two embeddings is measured. */
    public enum ModelDistance {
        /** 1 − the cosine of the angle between the two vectors. */
        COSINE,
        /** 1 − the Pearson correlation of the two vectors' elements (Kriegeskorte et al. 2008). */
        CORRELATION
    }

    /** Times each pair was in a shown triplet, and times it was kept together. */
    public record PairCounts(int[][] together, int[][] shown) {}

    /** Pair counts over people's non-catch judgements; image indices refer to {@code imageCount} images. */
    public static PairCounts pairCounts(List<Judgement> judgements, int imageCount) {
        int[][] together = new int[imageCount][imageCount];
        int[][] shown = new int[imageCount][imageCount];
        for (Judgement j : judgements) {
            if (j.catchTrial() || j.observerKind() != ObserverKind.HUMAN) {
                continue;
            }
            List<Integer> images = j.triplet().images();
            int odd = j.chosenImage();
            for (int a = 0; a < 3; a++) {
                for (int b = a + 1; b < 3; b++) {
                    int x = images.get(a);
                    int y = images.get(b);
                    shown[x][y]++;
                    shown[y][x]++;
                    if (x != odd && y != odd) {
                        together[x][y]++;
                        together[y][x]++;
                    }
                }
            }
        }
        return new PairCounts(together, shown);
    }

    /** People's dissimilarities: 1 − kept together / shown together; NaN for pairs never shown. */
    public static Rdm humanRdm(List<Judgement> judgements, List<String> images) {
        int n = images.size();
        PairCounts counts = pairCounts(judgements, n);
        double[][] values = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    int shown = counts.shown()[i][j];
                    values[i][j] = shown == 0 ? Double.NaN : 1 - (double) counts.together()[i][j] / shown;
                }
            }
        }
        return new Rdm(images, values);
    }

    /**
     * A model's dissimilarities between the embeddings of the images (same order as {@code images});
     * an image without an embedding (null: the model has not scored it) leaves its pairs missing.
     */
    public static Rdm modelRdm(List<String> images, List<float[]> embeddings, ModelDistance distance) {
        int n = images.size();
        if (embeddings.size() != n) {
            throw new IllegalArgumentException("need one embedding per image");
        }
        double[][] values = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float[] a = embeddings.get(i);
                float[] b = embeddings.get(j);
                double d = a == null || b == null ? Double.NaN : distance(a, b, distance);
                values[i][j] = d;
                values[j][i] = d;
            }
        }
        return new Rdm(images, values);
    }

    /** The distance of two vectors; NaN where it is undefined (a zero vector, or a constant one for correlation). */
    public static double distance(float[] a, float[] b, ModelDistance distance) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("embeddings must have the same, non-zero length");
        }
        double meanA = 0;
        double meanB = 0;
        if (distance == ModelDistance.CORRELATION) {
            for (int k = 0; k < a.length; k++) {
                meanA += a[k];
                meanB += b[k];
            }
            meanA /= a.length;
            meanB /= b.length;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int k = 0; k < a.length; k++) {
            double x = a[k] - meanA;
            double y = b[k] - meanB;
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        if (aa == 0 || bb == 0) {
            return Double.NaN;
        }
        return 1 - ab / Math.sqrt(aa * bb);
    }
}
