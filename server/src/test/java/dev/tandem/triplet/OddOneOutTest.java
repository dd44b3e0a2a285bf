package dev.tandem.triplet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.triplet.OddOneOut.Choice;
import dev.tandem.triplet.OddOneOut.Item;
import dev.tandem.triplet.OddOneOut.Similarity;
import dev.tandem.triplet.OddOneOut.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OddOneOutTest {

    private static Item item(String id, float... v) {
        return new Item(id, v);
    }

    @Test
    void theOddOneIsTheImageOutsideTheMostSimilarPair() {
        Choice choice = OddOneOut.fromEmbeddings(List.of(item("a", 1, 0), item("b", 0.9f, 0.1f), item("c", 0, 1)),
                Similarity.COSINE);
        assertEquals(2, choice.oddPosition());
        assertEquals("c", choice.oddId());
        assertEquals(Source.EMBEDDING, choice.source());
    }

    @Test
    void cosineIgnoresLengthWhileTheDotProductFavoursLongVectors() {
        // cosine: ab = .8, ac = 0, bc = .6 → a and b belong together; dot: bc = 6 → b and c do
        List<Item> items = List.of(item("a", 1, 0), item("b", 0.8f, 0.6f), item("c", 0, 10));
        Choice cosine = OddOneOut.fromEmbeddings(items, Similarity.COSINE);
        Choice dot = OddOneOut.fromEmbeddings(items, Similarity.DOT);
        assertEquals("c", cosine.oddId());
        assertEquals(0.8, cosine.pairSimilarities().get(2), 1e-6);
        assertEquals("a", dot.oddId());
        assertEquals(6.0, dot.pairSimilarities().get(0), 1e-5);
    }

    @Test
    void aTieGoesToTheCandidateWhoseIdSortsFirstInAnyOrder() {
        List<Item> items = new ArrayList<>(List.of(item("x9", 1, 0, 0), item("b2", 0, 1, 0), item("m5", 0, 0, 1)));
        for (int shuffle = 0; shuffle < 6; shuffle++) {
            java.util.Collections.rotate(items, 1);
            if (shuffle == 3) {
                java.util.Collections.swap(items, 0, 1);
            }
            Choice choice = OddOneOut.fromEmbeddings(items, Similarity.COSINE);
            assertEquals("b2", choice.oddId());
            assertEquals(items.indexOf(items.stream().filter(i -> i.id().equals("b2")).findFirst().orElseThrow()),
                    choice.oddPosition());
        }
    }

    @Test
    void aPartialTieOnlyConsidersTheTiedPairs() {
        // ab and ac equally similar (dot 1 each, the top), bc = 0: the candidates are c and b; "b" sorts first
        List<Item> items = List.of(item("a", 1, 1), item("c", 1, 0), item("b", 0, 1));
        assertEquals("b", OddOneOut.fromEmbeddings(items, Similarity.DOT).oddId());
    }

    @Test
    void theAnswerDoesNotDependOnThePositionsTheImagesAreShownIn() {
        Random random = new Random(7);
        for (int t = 0; t < 200; t++) {
            List<Item> items = new ArrayList<>();
            for (String id : List.of("p", "q", "r")) {
                float[] v = new float[16];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) random.nextGaussian();
                }
                items.add(new Item(id, v));
            }
            String odd = OddOneOut.fromEmbeddings(items, Similarity.COSINE).oddId();
            for (int[] order : new int[][] {{0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}) {
                List<Item> moved = List.of(items.get(order[0]), items.get(order[1]), items.get(order[2]));
                assertEquals(odd, OddOneOut.fromEmbeddings(moved, Similarity.COSINE).oddId());
            }
        }
    }

    @Test
    void probabilityVectorsAreLabelledAsSuch() {
        Choice choice = OddOneOut.fromProbabilities(List.of(item("a", 0.7f, 0.2f, 0.1f),
                item("b", 0.6f, 0.3f, 0.1f), item("c", 0.05f, 0.05f, 0.9f)), Similarity.COSINE);
        assertEquals("c", choice.oddId());
        assertEquals(Source.PROBABILITIES, choice.source());
    }

    @Test
    void probabilityVectorsThatDoNotSumToOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OddOneOut.fromProbabilities(
                List.of(item("a", 0.7f, 0.7f), item("b", 0.5f, 0.5f), item("c", 1, 0)), Similarity.DOT));
    }

    @Test
    void theCosineOfAZeroVectorIsRefusedRatherThanGuessed() {
        assertThrows(IllegalArgumentException.class, () -> OddOneOut.fromEmbeddings(
                List.of(item("a", 0, 0), item("b", 1, 0), item("c", 0, 1)), Similarity.COSINE));
    }

    @Test
    void vectorsOfDifferentLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OddOneOut.fromEmbeddings(
                List.of(item("a", 1, 0), item("b", 1, 0, 0), item("c", 0, 1)), Similarity.DOT));
    }
}
