package dev.tandem.triplet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.triplet.SimilarityMatrices.ModelDistance;
import dev.tandem.triplet.TripletMetrics.Metrics;
import dev.tandem.triplet.TripletMetrics.ModelEmbeddings;
import java.util.List;
import org.junit.jupiter.api.Test;

class TripletMetricsTest {

    private static final TripletMetrics.Options OPTIONS = new TripletMetrics.Options(
            TripletAnalysis.DEFAULT_CATCH_THRESHOLD, ModelDistance.COSINE, 500, 20, 4);

    @Test
    void theMetricsOfTheWorkedExampleLeaveTheExcludedPersonOutOfTheRdm() {
        Metrics metrics = TripletMetrics.compute(HandWorkedFixture.all(), HandWorkedFixture.IMAGES,
                List.of(new ModelEmbeddings("cnn", HandWorkedFixture.EMBEDDING)), OPTIONS);
        // with P4's T1 (odd 0) the pair a1–a2 would be kept together once more: 1 − 2/5 instead of 1 − 1/4
        assertEquals(0.75, metrics.humanRdm().get(1, 2), 1e-12);
        TripletMetrics.ModelRsa cnn = metrics.models().get(0);
        assertEquals(56.25 / Math.sqrt(72 * 80.5), cnn.rsa(), 1e-12);
        assertEquals(10, cnn.pairs());
        assertTrue(cnn.ci().low() <= cnn.ci().high());
        assertEquals(0.6, metrics.analysis().noiseCeiling().value(), 1e-12);
    }

    @Test
    void theSameSeedGivesTheSameMetrics() {
        Metrics first = TripletMetrics.compute(HandWorkedFixture.all(), HandWorkedFixture.IMAGES,
                List.of(new ModelEmbeddings("cnn", HandWorkedFixture.EMBEDDING)), OPTIONS);
        Metrics second = TripletMetrics.compute(HandWorkedFixture.all(), HandWorkedFixture.IMAGES,
                List.of(new ModelEmbeddings("cnn", HandWorkedFixture.EMBEDDING)), OPTIONS);
        assertEquals(first.analysis(), second.analysis());
        assertEquals(first.humanCeiling(), second.humanCeiling());
        assertEquals(first.models().get(0).ci(), second.models().get(0).ci());
    }
}
