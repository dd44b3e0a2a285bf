package dev.tandem.triplet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.analysis.ObserverKind;
import dev.tandem.triplet.SimilarityMatrices.ModelDistance;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Expected figures are worked by hand in docs/triplet.md ("A worked example"). */
class SimilarityMatricesTest {

    private static List<Judgement> included() {
        // P4 failed the catch trials; the analysis leaves their judgements out before building RDMs
        return HandWorkedFixture.all().stream().filter(j -> !j.observer().equals("P4")).collect(Collectors.toList());
    }

    @Test
    void thePeoplesDissimilarityIsOneMinusTheShareKeptTogether() {
        Rdm rdm = SimilarityMatrices.humanRdm(included(), HandWorkedFixture.IMAGES);
        // pair: kept together / shown together → 1 − share
        assertEquals(1 - 4.0 / 6, rdm.get(0, 1), 1e-12);
        assertEquals(1 - 2.0 / 4, rdm.get(0, 2), 1e-12);
        assertEquals(1.0, rdm.get(0, 3), 1e-12);
        assertEquals(1.0, rdm.get(0, 4), 1e-12);
        assertEquals(1 - 1.0 / 4, rdm.get(1, 2), 1e-12);
        assertEquals(1 - 1.0 / 4, rdm.get(1, 3), 1e-12);
        assertEquals(1.0, rdm.get(1, 4), 1e-12);
        assertEquals(1.0, rdm.get(2, 3), 1e-12);
        assertEquals(1.0, rdm.get(2, 4), 1e-12);
        assertEquals(0.0, rdm.get(3, 4), 1e-12);
        assertEquals(rdm.get(1, 3), rdm.get(3, 1));
        assertEquals(0.0, rdm.get(2, 2));
    }

    @Test
    void pairCountsLeaveOutCatchTrialsAndModels() {
        SimilarityMatrices.PairCounts counts = SimilarityMatrices.pairCounts(included(), 5);
        assertEquals(6, counts.shown()[0][1]);
        assertEquals(4, counts.together()[0][1]);
        assertEquals(6, counts.shown()[3][4]);
        assertEquals(6, counts.together()[3][4]);
        assertEquals(1, counts.shown()[2][3]);
    }

    @Test
    void aPairNoTripletHeldIsMissingNotZero() {
        List<Judgement> one = List.of(new Judgement("P", ObserverKind.HUMAN, List.of(0, 1, 2), 2, false));
        Rdm rdm = SimilarityMatrices.humanRdm(one, List.of("a", "b", "c", "d"));
        assertEquals(0.0, rdm.get(0, 1));
        assertEquals(1.0, rdm.get(0, 2));
        assertFalse(rdm.isDefined(0, 3));
        assertFalse(rdm.isDefined(3, 2));
        assertTrue(Double.isNaN(rdm.get(1, 3)));
    }

    @Test
    void theModelRdmIsOneMinusTheCosineOfTheEmbeddings() {
        Rdm rdm = SimilarityMatrices.modelRdm(HandWorkedFixture.IMAGES, HandWorkedFixture.EMBEDDING,
                ModelDistance.COSINE);
        double[][] expected = {{0, 0.4, 1, 2, 1.6}, {0.4, 0, 0.2, 1.6, 2}, {1, 0.2, 0, 1, 1.8},
                {2, 1.6, 1, 0, 0.4}, {1.6, 2, 1.8, 0.4, 0}};
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(expected[i][j], rdm.get(i, j), 1e-6, i + "," + j);
            }
        }
    }

    @Test
    void correlationDistanceCentresEachEmbeddingFirst() {
        // (1,2,3) and (2,4,6) correlate perfectly; (3,2,1) is perfectly anti-correlated
        float[] a = {1, 2, 3};
        assertEquals(0.0, SimilarityMatrices.distance(a, new float[] {2, 4, 6}, ModelDistance.CORRELATION), 1e-12);
        assertEquals(2.0, SimilarityMatrices.distance(a, new float[] {3, 2, 1}, ModelDistance.CORRELATION), 1e-12);
        // (1,2,3) and (11,12,13): cosine sees different directions, correlation sees the same pattern
        float[] shifted = {11, 12, 13};
        assertEquals(0.0, SimilarityMatrices.distance(a, shifted, ModelDistance.CORRELATION), 1e-12);
        assertTrue(SimilarityMatrices.distance(a, shifted, ModelDistance.COSINE) > 0.05);
        assertTrue(Double.isNaN(SimilarityMatrices.distance(a, new float[] {5, 5, 5}, ModelDistance.CORRELATION)));
    }

    @Test
    void theCsvHasTheImageNamesAsHeaderAndEmptyCellsForMissingPairs() {
        List<Judgement> one = List.of(new Judgement("P", ObserverKind.HUMAN, List.of(0, 1, 2), 2, false));
        Rdm rdm = SimilarityMatrices.humanRdm(one, List.of("a", "b,c", "=d", "e"));
        String csv = RdmCsv.write(rdm);
        assertEquals("""
                image,a,"b,c",'=d,e
                a,0.000000,0.000000,1.000000,
                "b,c",0.000000,0.000000,1.000000,
                '=d,1.000000,1.000000,0.000000,
                e,,,,0.000000
                """, csv);
    }

    @Test
    void anImageWithoutAnEmbeddingLeavesItsPairsMissing() {
        List<float[]> partial = new java.util.ArrayList<>(HandWorkedFixture.EMBEDDING);
        partial.set(2, null);
        Rdm rdm = SimilarityMatrices.modelRdm(HandWorkedFixture.IMAGES, partial, ModelDistance.COSINE);
        assertFalse(rdm.isDefined(2, 0));
        assertFalse(rdm.isDefined(4, 2));
        assertEquals(0.4, rdm.get(0, 1), 1e-6);
        Rdm human = SimilarityMatrices.humanRdm(included(), HandWorkedFixture.IMAGES);
        assertEquals(6, Rsa.spearman(human, rdm).pairs());
    }
}
