package dev.tandem.analysis.mvh;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The benchmark's procedure on a tiny hand-computed case (two datasets, one model, two humans). */
class MvhBenchmarkProcedureTest {

    /** One file; {@code correct} per image as '1'/'0', images i1…; humans' names carry a trial prefix. */
    private static MvhFile file(String dataset, String subj, String condition, String correct) {
        List<MvhRow> rows = new ArrayList<>();
        boolean human = subj.startsWith("subject-");
        for (int i = 0; i < correct.length(); i++) {
            String image = "i" + (i + 1) + ".png";
            String name = human ? String.format("%04d_x_s01_%s_cat_00_%s", i + 1, condition, image) : image;
            String response = correct.charAt(i) == '1' ? "cat" : (human ? "na" : "dog");
            rows.add(new MvhRow(i + 2, subj, "1", i + 1, null, response, "cat", condition, name));
        }
        return new MvhFile(Path.of(dataset, subj + "_" + condition + ".csv"), dataset, rows);
    }

    private static MvhDataset dataset(String name, MvhFile... files) {
        return new MvhDataset(name, List.of(files));
    }

    private final MvhDataset colour = dataset("colour",
            file("colour", "m", "bw", "1100"), file("colour", "m", "cr", "1111"),
            file("colour", "subject-01", "bw", "1100"), file("colour", "subject-01", "cr", "0000"),
            file("colour", "subject-02", "bw", "1010"), file("colour", "subject-02", "cr", "0000"));
    private final MvhDataset edge = dataset("edge",
            file("edge", "m", "NaN", "11"), file("edge", "subject-01", "NaN", "10"),
            file("edge", "subject-02", "NaN", "01"));

    @Test
    void aLeftOutConditionCountsForNothing() {
        MvhBenchmark.Row model = new MvhBenchmark().compute(List.of(colour)).byDataset().get("colour").get(0);
        // bw only: vs subject-01 identical (c_obs 1, κ 1); vs subject-02 c_obs .5 = c_exp, κ 0
        assertEquals(0.0, model.accuracyDifference(), 1e-12);
        assertEquals(0.75, model.observedConsistency(), 1e-12);
        assertEquals(0.5, model.errorConsistency(), 1e-12);
        assertEquals(0.5, model.oodAccuracy(), 1e-12);
    }

    @Test
    void metricsAreAveragedOverConditionsThenHumansThenDatasets() {
        MvhBenchmark.Result result = new MvhBenchmark().compute(List.of(colour, edge));
        MvhBenchmark.Row model = result.rows().get(0);
        assertEquals("m", model.observer());
        // edge (pooled): m 11 vs 10 and vs 01: (Δp)² .25, c_obs .5, c_exp .5, κ 0 both; OOD 1
        assertEquals((0.0 + 0.25) / 2, model.accuracyDifference(), 1e-12);
        assertEquals((0.75 + 0.5) / 2, model.observedConsistency(), 1e-12);
        assertEquals((0.5 + 0.0) / 2, model.errorConsistency(), 1e-12);
        assertEquals((0.5 + 1.0) / 2, model.oodAccuracy(), 1e-12);
        assertEquals(2, model.datasets());
    }

    @Test
    void theHumansRowComparesEveryPairOfSubjects() {
        MvhBenchmark.Row humans = new MvhBenchmark().compute(List.of(colour, edge)).rows().get(1);
        assertEquals("humans", humans.observer());
        // colour bw: 1100 vs 1010 → c_obs .5, κ 0; edge: 10 vs 01 → c_obs 0, κ −1
        assertEquals(0.25, humans.observedConsistency(), 1e-12);
        assertEquals(-0.5, humans.errorConsistency(), 1e-12);
        assertEquals(0.0, humans.accuracyDifference(), 1e-12);
        assertEquals((0.5 + 0.5) / 2, humans.oodAccuracy(), 1e-12);
    }
}
