package dev.tandem.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RepositoryFiles;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssignmentTest {

    private static ExperimentDefinition demo() throws IOException {
        return new ObjectMapper().readValue(RepositoryFiles.stimuli()
                .resolve("fashion-mnist/experiments/masked-demo.json").toFile(), ExperimentDefinition.class);
    }

    @Test
    void fiftyDemoParticipantsFillEveryImageConditionCellExactlyOnce() throws IOException {
        ExperimentDefinition demo = demo(); // 300 images × 10 conditions, 60 trials each
        Map<String, Integer> counts = new HashMap<>();
        for (int slot = 0; slot < 50; slot++) {
            for (var trial : Assignment.planMasked(demo, 300, slot, slot * 7919L)) {
                if (!trial.practice()) {
                    counts.merge(trial.imageIndex() + "/" + trial.cell(), 1, Integer::sum);
                }
            }
        }
        assertEquals(3000, counts.size());
        assertTrue(counts.values().stream().allMatch(count -> count == 1), "every cell exactly once");
    }

    @Test
    void cellCountsNeverDifferByMoreThanOneAlongTheWay() throws IOException {
        ExperimentDefinition demo = demo();
        Map<String, Integer> counts = new HashMap<>();
        for (int slot = 0; slot < 73; slot++) {
            for (var trial : Assignment.planMasked(demo, 300, slot, slot)) {
                if (!trial.practice()) {
                    counts.merge(trial.imageIndex() + "/" + trial.cell(), 1, Integer::sum);
                }
            }
            int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            int min = counts.size() < 3000 ? 0 : counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            assertTrue(max - min <= 1, "after participant " + slot + ": counts from " + min + " to " + max);
        }
    }

    @Test
    void noParticipantSeesAnImageTwicePracticeIncluded() throws IOException {
        ExperimentDefinition demo = demo();
        for (int slot = 0; slot < 120; slot++) {
            List<Assignment.PlannedTrial> trials = Assignment.planMasked(demo, 300, slot, 42);
            Set<Integer> images = new HashSet<>();
            trials.forEach(t -> images.add(t.imageIndex()));
            assertEquals(70, trials.size());
            assertEquals(70, images.size(), "participant " + slot);
        }
    }

    @Test
    void eachParticipantGetsEveryConditionEquallyOften() throws IOException {
        ExperimentDefinition demo = demo();
        Map<ExperimentDefinition.Cell, Integer> perCondition = new HashMap<>();
        Assignment.planMasked(demo, 300, 11, 3).stream().filter(t -> !t.practice())
                .forEach(t -> perCondition.merge(t.cell(), 1, Integer::sum));
        assertEquals(10, perCondition.size());
        assertTrue(perCondition.values().stream().allMatch(n -> n == 6));
    }

    @Test
    void practiceComesFirstThenMainTrialsSplitIntoBlocksWithDistinctMaskSeeds() throws IOException {
        List<Assignment.PlannedTrial> trials = Assignment.planMasked(demo(), 300, 0, 1);
        assertTrue(trials.subList(0, 10).stream().allMatch(t -> t.practice() && t.block() == 0));
        Map<Integer, Integer> blockSizes = new HashMap<>();
        trials.subList(10, 70).forEach(t -> blockSizes.merge(t.block(), 1, Integer::sum));
        assertEquals(Map.of(1, 20, 2, 20, 3, 20), blockSizes);
        assertEquals(70, trials.stream().map(Assignment.PlannedTrial::maskSeed).distinct().count());
    }

    @Test
    void theSameSlotAndSeedGiveTheSamePlan() throws IOException {
        assertEquals(Assignment.planMasked(demo(), 300, 5, 99), Assignment.planMasked(demo(), 300, 5, 99));
    }
}
