package dev.tandem.analysis.mvh;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MvhBenchmarkTest {

    private static MvhBenchmark.Result result;

    @BeforeAll
    static void computeOnThePublishedData() {
        List<MvhDataset> datasets = MvhDataset.readAll(ReferenceData.rawData(), new MvhCsvReader());
        assertEquals(17, datasets.size(), "the published raw data has 17 datasets");
        result = new MvhBenchmark().compute(datasets);
    }

    private static MvhBenchmark.Row row(String observer) {
        return result.rows().stream().filter(r -> r.observer().equals(observer)).findFirst().orElseThrow();
    }

    @Test
    void reproducesThePublishedResNet50RowToThreeDecimals() {
        MvhBenchmark.Row resnet = row("resnet50");
        assertEquals(17, resnet.datasets());
        assertEquals(0.087, round3(resnet.accuracyDifference()));
        assertEquals(0.665, round3(resnet.observedConsistency()));
        assertEquals(0.208, round3(resnet.errorConsistency()));
        assertEquals(0.559, round3(resnet.oodAccuracy()));
    }

    @Test
    void givesARowForEveryPublishedModelAndOneForHumansLast() {
        assertEquals(List.of("bagnet33", "resnet50", "simclr_resnet50x1", "humans"),
                result.rows().stream().map(MvhBenchmark.Row::observer).toList());
    }

    @Test
    void humansAgreeWithEachOtherMoreThanResNet50AgreesWithThem() {
        MvhBenchmark.Row humans = row("humans");
        MvhBenchmark.Row resnet = row("resnet50");
        assertEquals(true, humans.errorConsistency() > resnet.errorConsistency());
        assertEquals(true, humans.accuracyDifference() < resnet.accuracyDifference());
    }

    @Test
    void shapeBiasOfResNet50OnCueConflictIsTextureDominated() {
        MvhDataset cueConflict = MvhDataset.readAll(ReferenceData.rawData(), new MvhCsvReader()).stream()
                .filter(d -> d.name().equals("cue-conflict")).findFirst().orElseThrow();
        Map<String, ShapeBias> bias = new java.util.TreeMap<>();
        ShapeBias.of(cueConflict.trials()).forEach(b -> bias.put(b.observer(), b));
        // Geirhos et al. 2019: ImageNet-trained ResNet-50 ≈ 0.2 shape bias, humans ≈ 0.95
        assertEquals(true, bias.get("resnet50").shapeBias() < 0.35, "resnet50 " + bias.get("resnet50"));
        assertEquals(true, bias.get("humans").shapeBias() > 0.9, "humans " + bias.get("humans"));
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
