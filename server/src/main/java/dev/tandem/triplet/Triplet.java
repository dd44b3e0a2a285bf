package dev.tandem.triplet;

import java.util.List;

/**
 * Three distinct images, by their index in the experiment's image list, in ascending order: the
 * identity of a triplet whatever positions it is shown in.
 */
public record Triplet(int first, int second, int third) {

    public Triplet {
        if (!(first >= 0 && first < second && second < third)) {
            throw new IllegalArgumentException("a triplet needs three ascending image indices, got "
                    + first + ", " + second + ", " + third);
        }
    }

    /** The triplet of three distinct images given in any order. */
    public static Triplet of(int a, int b, int c) {
        int low = Math.min(a, Math.min(b, c));
        int high = Math.max(a, Math.max(b, c));
        return new Triplet(low, a + b + c - low - high, high);
    }

    public List<Integer> images() {
        return List.of(first, second, third);
    }

    public boolean contains(int image) {
        return image == first || image == second || image == third;
    }
}
