package dev.tandem.triplet;

import java.util.List;

/**
 * The triplets an experiment samples from, addressable by rank so that a uniform draw of a rank is
 * a uniform draw of a triplet without listing all C(n,3) of them (1,854 objects give about 10⁹).
 */
interface TripletSpace {

    long size();

    /** The triplet of rank {@code rank}, 0 ≤ rank &lt; size. */
    Triplet get(long rank);

    /** Every triplet of {@code imageCount} images, in the combinatorial number system's order. */
    static TripletSpace all(int imageCount) {
        return new All(imageCount);
    }

    /** Exactly these triplets. */
    static TripletSpace of(List<Triplet> triplets) {
        return new TripletSpace() {
            @Override
            public long size() {
                return triplets.size();
            }

            @Override
            public Triplet get(long rank) {
                return triplets.get((int) rank);
            }
        };
    }

    /** C(n, 3). */
    static long choose3(long n) {
        return n < 3 ? 0 : n * (n - 1) * (n - 2) / 6;
    }

    /** C(n, 2). */
    private static long choose2(long n) {
        return n < 2 ? 0 : n * (n - 1) / 2;
    }

    /** Rank r ↦ c₃ &gt; c₂ &gt; c₁ with r = C(c₃,3) + C(c₂,2) + C(c₁,1) (combinatorial number system). */
    record All(int imageCount) implements TripletSpace {

        @Override
        public long size() {
            return choose3(imageCount);
        }

        @Override
        public Triplet get(long rank) {
            if (rank < 0 || rank >= size()) {
                throw new IndexOutOfBoundsException(rank);
            }
            int c3 = largest(rank, 2, imageCount - 1, 3);
            long rest = rank - choose3(c3);
            int c2 = largest(rest, 1, c3 - 1, 2);
            int c1 = (int) (rest - choose2(c2));
            return new Triplet(c1, c2, c3);
        }

        /** The largest c in [low, high] with C(c, k) ≤ value (binary search; C is increasing in c). */
        private static int largest(long value, int low, int high, int k) {
            while (low < high) {
                int mid = (low + high + 1) >>> 1;
                long c = k == 3 ? choose3(mid) : choose2(mid);
                if (c <= value) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            return low;
        }
    }
}
