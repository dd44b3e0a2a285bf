package dev.tandem.triplet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.analysis.ObserverKind;
import dev.tandem.triplet.SimilarityMatrices.ModelDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RsaTest {

    @Test
    void tiedValuesShareTheirAverageRank() {
        assertArrayEquals(new double[] {2, 3.5, 3.5, 1}, dev.tandem.analysis.RankCorrelation.ranks(new double[] {10, 20, 20, 5}));
        assertArrayEquals(new double[] {2, 2, 2}, dev.tandem.analysis.RankCorrelation.ranks(new double[] {7, 7, 7}));
    }

    @Test
    void theWorkedExamplesRsaMatchesTheHandComputation() {
        List<Judgement> included = HandWorkedFixture.all().stream().filter(j -> !j.observer().equals("P4"))
                .collect(Collectors.toList());
        Rdm human = SimilarityMatrices.humanRdm(included, HandWorkedFixture.IMAGES);
        Rdm model = SimilarityMatrices.modelRdm(HandWorkedFixture.IMAGES, HandWorkedFixture.EMBEDDING,
                ModelDistance.COSINE);
        Rsa.Correlation rsa = Rsa.spearman(human, model);
        // ranks of the 10 pairs worked out in docs/triplet.md: Σ d_h d_m = 56.25, Σ d_h² = 72, Σ d_m² = 80.5
        assertEquals(10, rsa.pairs());
        assertEquals(56.25 / Math.sqrt(72 * 80.5), rsa.rho(), 1e-12);
        assertEquals(0.7389, rsa.rho(), 1e-4);
    }

    @Test
    void spearmanMatchesAnIndependentRecomputationWithManyTies() {
        Random random = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            int n = 5 + random.nextInt(40);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                x[k] = random.nextInt(6);
                y[k] = x[k] + random.nextInt(4);
            }
            assertEquals(IndependentRecomputation.spearman(x, y), Rsa.spearman(x, y), 1e-12);
        }
    }

    @Test
    void onlyPairsBothRdmsDefineAreCompared() {
        double nan = Double.NaN;
        // the pair (0,3) is missing on one side and would otherwise break the perfect order
        Rdm first = new Rdm(List.of("a", "b", "c", "d"), new double[][] {
                {0, 1, 2, nan}, {1, 0, 3, 4}, {2, 3, 0, 5}, {nan, 4, 5, 0}});
        Rdm second = new Rdm(List.of("a", "b", "c", "d"), new double[][] {
                {0, 10, 20, 0}, {10, 0, 30, 40}, {20, 30, 0, 50}, {0, 40, 50, 0}});
        Rsa.Correlation rsa = Rsa.spearman(first, second);
        assertEquals(5, rsa.pairs());
        assertEquals(1.0, rsa.rho(), 1e-12);
    }

    @Test
    void rdmsOverDifferentImagesCannotBeCompared() {
        Rdm first = new Rdm(List.of("a", "b"), new double[][] {{0, 1}, {1, 0}});
        Rdm second = new Rdm(List.of("b", "a"), new double[][] {{0, 1}, {1, 0}});
        assertThrows(IllegalArgumentException.class, () -> Rsa.spearman(first, second));
    }

    @Test
    void aConstantRdmHasNoRankCorrelation() {
        assertNull(Rsa.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3}));
    }

    @Test
    void spearmanBrownProjectsHalfReliabilityToTheWhole() {
        assertEquals(2.0 / 3, Rsa.spearmanBrown(0.5), 1e-12);
        assertEquals(1.0, Rsa.spearmanBrown(1.0), 1e-12);
        assertEquals(0.0, Rsa.spearmanBrown(0.0), 1e-12);
    }

    @Test
    void peopleWhoAllAgreeHaveASplitHalfCeilingOfOne() {
        List<Judgement> judgements = new ArrayList<>();
        int[][] triplets = {{0, 1, 2}, {0, 1, 3}, {0, 2, 3}, {1, 2, 3}, {0, 1, 4}, {2, 3, 4}, {1, 3, 4}};
        int[] odd = {2, 3, 0, 1, 4, 2, 1};
        for (String person : List.of("p1", "p2", "p3", "p4", "p5", "p6")) {
            for (int t = 0; t < triplets.length; t++) {
                List<Integer> shown = List.of(triplets[t][0], triplets[t][1], triplets[t][2]);
                judgements.add(new Judgement(person, ObserverKind.HUMAN, shown, shown.indexOf(odd[t]), false));
            }
        }
        Rsa.SplitHalf ceiling = Rsa.splitHalfCeiling(judgements, List.of("a", "b", "c", "d", "e"), 20, 1);
        assertEquals(20, ceiling.splits());
        assertEquals(1.0, ceiling.ceiling(), 1e-12);
    }

    @Test
    void oneParticipantCannotBeSplit() {
        List<Judgement> one = List.of(new Judgement("p", ObserverKind.HUMAN, List.of(0, 1, 2), 0, false));
        assertNull(Rsa.splitHalfCeiling(one, List.of("a", "b", "c"), 10, 1).ceiling());
    }
}
