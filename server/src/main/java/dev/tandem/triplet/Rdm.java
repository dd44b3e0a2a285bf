package dev.tandem.triplet;

import java.util.Arrays;
import java.util.List;

/**
 * A representational dissimilarity matrix (Kriegeskorte et al. 2008): symmetric, one row and column
 * per image in a fixed order, zero on the diagonal; {@link Double#NaN} marks a pair with no data
 * (for people: no triplet held both images).
 */
public final class Rdm {

    private final List<String> images;
    private final double[][] values;

    /** @param values a symmetric n × n matrix; it is copied */
    public Rdm(List<String> images, double[][] values) {
        if (values.length != images.size()) {
            throw new IllegalArgumentException("need one row per image");
        }
        this.images = List.copyOf(images);
        this.values = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != values.length) {
                throw new IllegalArgumentException("an RDM is square");
            }
            this.values[i] = values[i].clone();
        }
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < i; j++) {
                if (Double.compare(values[i][j], values[j][i]) != 0) {
                    throw new IllegalArgumentException("an RDM is symmetric; differs at " + i + ", " + j);
                }
            }
        }
    }

    public List<String> images() {
        return images;
    }

    public int size() {
        return images.size();
    }

    /** The dissimilarity of images i and j; NaN when undefined. */
    public double get(int i, int j) {
        return values[i][j];
    }

    public boolean isDefined(int i, int j) {
        return !Double.isNaN(values[i][j]);
    }

    /** The same matrix with images in a new order: {@code order[k]} is the old index of new image k. */
    public Rdm reordered(int[] order) {
        double[][] moved = new double[order.length][order.length];
        String[] names = new String[order.length];
        for (int a = 0; a < order.length; a++) {
            names[a] = images.get(order[a]);
            for (int b = 0; b < order.length; b++) {
                moved[a][b] = values[order[a]][order[b]];
            }
        }
        return new Rdm(Arrays.asList(names), moved);
    }
}
