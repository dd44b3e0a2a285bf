package dev.tandem.triplet;

import dev.tandem.analysis.ObserverKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Five images, three people and a fourth who fails the catch trials, and a model answering from a
 * two-dimensional embedding; every expected figure in the tests that use it is worked out by hand
 * in docs/triplet.md ("A worked example").
 */
final class HandWorkedFixture {

    static final List<String> IMAGES = List.of("a0", "a1", "a2", "a3", "a4");
    static final List<String> CATEGORIES = List.of("round", "round", "round", "square", "square");

    /** Unit vectors at 0°, 53.13°, 90°, 180° and 233.13°: cosines .6, 0, −1, −.6, .8, −.6, −1, 0, −.8, .6. */
    static final List<float[]> EMBEDDING = List.of(new float[] {1, 0}, new float[] {0.6f, 0.8f},
            new float[] {0, 1}, new float[] {-1, 0}, new float[] {-0.6f, -0.8f});

    private HandWorkedFixture() {}

    /** A judgement with the images at positions in the order given and the odd image named. */
    static Judgement person(String who, int p0, int p1, int p2, int odd) {
        List<Integer> shown = List.of(p0, p1, p2);
        return new Judgement(who, ObserverKind.HUMAN, shown, shown.indexOf(odd), false);
    }

    static Judgement catchTrial(String who, int p0, int p1, int p2, int chosenPosition) {
        return new Judgement(who, ObserverKind.HUMAN, List.of(p0, p1, p2), chosenPosition, true);
    }

    static List<Judgement> people() {
        List<Judgement> j = new ArrayList<>();
        j.add(person("P1", 2, 0, 1, 2)); // T1 (0,1,2)
        j.add(person("P2", 1, 2, 0, 2));
        j.add(person("P3", 0, 1, 2, 1));
        j.add(person("P1", 3, 1, 0, 3)); // T2 (0,1,3)
        j.add(person("P2", 0, 3, 1, 0));
        j.add(person("P1", 4, 2, 0, 4)); // T3 (0,2,4)
        j.add(person("P2", 1, 4, 3, 1)); // T4 (1,3,4)
        j.add(person("P3", 3, 1, 4, 1));
        j.add(person("P3", 2, 3, 4, 2)); // T5 (2,3,4)
        j.add(person("P1", 0, 3, 4, 0)); // T6 (0,3,4)
        j.add(person("P2", 4, 0, 3, 0));
        j.add(person("P3", 3, 4, 0, 0));
        j.add(person("P2", 2, 4, 1, 4)); // T7 (1,2,4)
        j.add(person("P3", 4, 1, 0, 4)); // T8 (0,1,4)
        // catch trials: P1 3/3, P2 2/2, P3 1/1 right; P4 0/2 and so excluded
        j.add(catchTrial("P1", 0, 0, 3, 2));
        j.add(catchTrial("P1", 2, 4, 4, 0));
        j.add(catchTrial("P1", 1, 3, 1, 1));
        j.add(catchTrial("P2", 3, 3, 2, 2));
        j.add(catchTrial("P2", 0, 1, 1, 0));
        j.add(catchTrial("P3", 4, 2, 4, 1));
        j.add(catchTrial("P4", 1, 1, 2, 0));
        j.add(catchTrial("P4", 4, 2, 2, 1));
        // P4's answers would change the leave-one-out scores of T1 and the majority of nothing else
        j.add(person("P4", 0, 1, 2, 0));
        j.add(person("P4", 0, 3, 4, 3));
        return j;
    }

    /** The model's answers to the eight triplets, chosen from {@link #EMBEDDING} by cosine. */
    static List<Judgement> model() {
        List<Judgement> j = new ArrayList<>();
        int[][] triplets = {{0, 1, 2}, {0, 1, 3}, {0, 2, 4}, {1, 3, 4}, {2, 3, 4}, {0, 3, 4}, {1, 2, 4}, {0, 1, 4}};
        for (int[] t : triplets) {
            List<OddOneOut.Item> items = new ArrayList<>();
            for (int image : t) {
                items.add(new OddOneOut.Item(IMAGES.get(image), EMBEDDING.get(image)));
            }
            int odd = OddOneOut.fromEmbeddings(items, OddOneOut.Similarity.COSINE).oddPosition();
            j.add(new Judgement("cnn", ObserverKind.MODEL, List.of(t[0], t[1], t[2]), odd, false));
        }
        return j;
    }

    static List<Judgement> all() {
        List<Judgement> j = new ArrayList<>(people());
        j.addAll(model());
        return j;
    }
}
